using Sstp.TestKit;

namespace Sstp.E2E.Tests.Hostile;

/// <summary>What every hostile-input test needs: the shared server, its log, and a good client to follow up with.</summary>
public abstract class HostileTestBase(HostileServer fixture)
{
    /// <summary>A generous bound for one step (a read, a log line); the server usually answers in milliseconds.</summary>
    protected static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    /// <summary>The server under test.</summary>
    protected ServerProcess Server => fixture.Server;

    /// <summary>Cancelled when the test is aborted.</summary>
    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Deterministic garbage.</summary>
    protected static byte[] Garbage(int length, int seed)
    {
        var bytes = new byte[length];
        new SeededRandom(seed).Fill(bytes);
        return bytes;
    }

    /// <summary>Opens a raw connection to the server (TLS or not).</summary>
    private protected Task<RawClient> ConnectAsync(bool tls) => RawClient.ConnectAsync(Server.Port, tls, Cancel);

    /// <summary>The number of log lines so far: pass it as <c>skip</c> to only see what follows.</summary>
    protected int Mark() => Server.Lines.Count;

    /// <summary>Waits for a log line after <paramref name="mark"/> containing every one of <paramref name="parts"/>.</summary>
    protected async Task<string> WaitForLogAsync(int mark, params string[] parts)
    {
        var deadline = DateTime.UtcNow + Step;
        while (DateTime.UtcNow < deadline)
        {
            var hit = Server.Lines.Skip(mark).FirstOrDefault(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)));
            if (hit is not null)
            {
                TestContext.Current.TestOutputHelper?.WriteLine("server: " + hit);
                return hit;
            }

            await Task.Delay(50, Cancel);
        }

        throw new TimeoutException($"no log line with all of [{string.Join(" | ", parts)}] within {Step}:\n{string.Join('\n', Server.Lines.Skip(mark))}");
    }

    /// <summary>Our own MS-CHAPv2 client connects right after: the tunnel comes up with a pool address and a verified binding.</summary>
    protected async Task AssertGoodClientConnectsAsync()
    {
        int mark = Mark();
        var outcome = await GoodClient.RunAsync(Server.Port, HostileServer.User, HostileServer.Password, corruptBinding: false, TimeSpan.FromSeconds(30), Cancel);
        Assert.True(outcome.Up is not null, $"no tunnel: {outcome.Reason} ({outcome.Detail})\n{string.Join('\n', Server.Lines.Skip(mark))}");
        Assert.StartsWith("10.88.0.", outcome.Up.LocalIPv4?.ToString() ?? "-", StringComparison.Ordinal);
        Assert.Equal(Sstp.Protocol.Session.DisconnectReason.LocalClose, outcome.Reason);
        string up = await WaitForLogAsync(mark, $"up: user {HostileServer.User} from {outcome.PeerInLog}");
        Assert.Contains("binding Sha256 Ok", up, StringComparison.Ordinal);
        Assert.Contains($"address {outcome.Up.LocalIPv4}", up, StringComparison.Ordinal);
    }
}

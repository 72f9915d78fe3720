namespace Sstp.E2E.Tests.Hostile;

/// <summary>
/// One <c>sstp server --auth mschapv2 --pool4 10.88.0.0/24</c> in the guest's namespace, shared by the tests of
/// one class (a class fixture): hostile connections must not disturb the connections that follow them.
/// </summary>
public sealed class HostileServer : IAsyncLifetime
{
    /// <summary>The test user and its password.</summary>
    public const string User = "alice";

    /// <summary>The test user's password.</summary>
    public const string Password = "alice-secret";

    private ServerProcess? _server;

    /// <summary>The running server; skips the calling test when the machine cannot run it.</summary>
    public ServerProcess Server
    {
        get
        {
            Interop.RequireRootAndSstpc();
            if (!File.Exists($"/run/netns/{Interop.Namespace}"))
            {
                Assert.Skip($"the namespace {Interop.Namespace} is missing (sstpc/up failed?)");
            }

            return _server ?? throw new InvalidOperationException("the server did not start");
        }
    }

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess && File.Exists($"/run/netns/{Interop.Namespace}") && File.Exists("/dev/net/tun"))
        {
            _server = await ServerProcess.StartAsync(
                new Dictionary<string, string> { [User] = Password }, ["--pool4", "10.88.0.0/24", "--auth", "mschapv2"]);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

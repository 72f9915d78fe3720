using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sstp.IO.Tls;

namespace Sstp.E2E.Tests;

/// <summary>
/// Issue 9's "done when" for reload: a certificate reload (SIGHUP) is seen by a new client while a running sstpc
/// session keeps pinging; a reload with a broken users file changes nothing.
/// </summary>
public sealed partial class ServerReloadTests(SstpcGuest guest)
{
    private static readonly Dictionary<string, string> Alice = new() { ["alice"] = "alice-secret" };

    [Fact]
    public async Task CertificateReload_NewClientSeesB_WhileSstpcKeepsPinging_AndABadUsersFileChangesNothing()
    {
        Interop.RequireRootAndSstpc();
        string dir = Path.Combine(Path.GetTempPath(), "sstp-reload-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string cert = Path.Combine(dir, "cert.pem");
        string key = Path.Combine(dir, "key.pem");
        using var a = CertificateSource.CreateSelfSigned("a.reload.test");
        using var b = CertificateSource.CreateSelfSigned("b.reload.test");
        a.SavePem(cert, key);
        string pinA = Convert.ToHexString(a.LeafSha256.Span);
        string pinB = Convert.ToHexString(b.LeafSha256.Span);
        try
        {
            await using var server = await ServerProcess.StartAsync(
                Alice, "--cert", cert, "--key", key, "--pool4", "10.88.0.0/24", "--auth", "mschapv2", "--pool6", "off");
            Assert.Equal(0, (await BenchAsync(server, pinA)).Code);

            int beforeSstpc = server.Lines.Count;
            var (code, output) = await guest.RunAsync(server.Port, "alice", "alice-secret", "mschapv2", "10.88.0.1", new Dictionary<string, string> { ["SSTPC_HOLD"] = "1" });
            Assert.True(code == 0, output);
            var up = SessionUp().Match(await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10), beforeSstpc));
            Assert.True(up.Success);
            string sessionId = up.Groups[1].Value;
            string address = up.Groups[2].Value;

            // Ping the sstpc end through its tunnel for the whole reload: 40 packets, 4 per second.
            using var ping = StartPing(address);

            // certbot-style rotation: new files in place, then SIGHUP.
            b.SavePem(cert + ".new", key + ".new");
            File.Move(key + ".new", key, overwrite: true);
            File.Move(cert + ".new", cert, overwrite: true);
            int mark = server.Lines.Count;
            await SignalAsync(server, "HUP");
            var applied = await server.WaitForLineAsync("Reload: applied", TimeSpan.FromSeconds(20), mark);
            Assert.Contains("certificate", applied, StringComparison.Ordinal);

            // A new client pinned to B sets up a full session (crypto binding with B's hash); pinned to A it is refused.
            var withB = await BenchAsync(server, pinB);
            Assert.True(withB.Code == 0, withB.Output);
            Assert.Equal(1, Succeeded(withB.Output));
            var withA = await BenchAsync(server, pinA);
            Assert.NotEqual(1, Succeeded(withA.Output));

            await ping.WaitForExitAsync(TestContext.Current.CancellationToken);
            string pingOutput = await ping.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var counts = PingCounts().Match(pingOutput);
            Assert.True(counts.Success, pingOutput);
            int sent = int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture);
            int received = int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture);
            Assert.True(sent - received <= 2, pingOutput);
            Assert.DoesNotContain(server.Lines, l => l.Contains($"Session {sessionId} closed", StringComparison.Ordinal));

            // A users file that does not parse: the reload is refused, says why, and alice still logs in.
            string users = Path.Combine(server.Directory, "users");
            string good = await File.ReadAllTextAsync(users, TestContext.Current.CancellationToken);
            await File.AppendAllTextAsync(users, "this line is not a user\n", TestContext.Current.CancellationToken);
            mark = server.Lines.Count;
            await SignalAsync(server, "HUP");
            var failed = await server.WaitForLineAsync("Reload failed", TimeSpan.FromSeconds(20), mark);
            Assert.Contains("users", failed, StringComparison.Ordinal);
            var still = await BenchAsync(server, pinB);
            Assert.True(still.Code == 0, still.Output);
            Assert.Equal(1, Succeeded(still.Output));
            Assert.DoesNotContain(server.Lines, l => l.Contains($"Session {sessionId} closed", StringComparison.Ordinal));
            await File.WriteAllTextAsync(users, good, TestContext.Current.CancellationToken);
        }
        finally
        {
            await Interop.RunAsync(Path.Combine(Interop.Sstpc, "run"), ["--stop"], timeout: TimeSpan.FromMinutes(1));
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task PoolReload_NewSessionsGetTheNewRange_WhileTheRunningSessionKeepsItsAddressAndPings()
    {
        Interop.RequireRootAndSstpc();
        string dir = Path.Combine(Path.GetTempPath(), "sstp-reload-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string config = Path.Combine(dir, "sstp.conf");
        await File.WriteAllTextAsync(config, "[pool]\nipv4 = 10.88.0.0/24\nipv6 = off\n", TestContext.Current.CancellationToken);
        try
        {
            await using var server = await ServerProcess.StartAsync(Alice, "--config", config, "--auth", "mschapv2");
            int beforeSstpc = server.Lines.Count;
            var (code, output) = await guest.RunAsync(server.Port, "alice", "alice-secret", "mschapv2", "10.88.0.1", new Dictionary<string, string> { ["SSTPC_HOLD"] = "1" });
            Assert.True(code == 0, output);
            var up = SessionUp().Match(await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10), beforeSstpc));
            string sessionId = up.Groups[1].Value;
            Assert.Equal("10.88.0.2", up.Groups[2].Value);
            string pin = PinFrom(server);

            using var ping = StartPing("10.88.0.2");
            await File.WriteAllTextAsync(config, "[pool]\nipv4 = 10.89.0.0/24\nipv6 = off\n", TestContext.Current.CancellationToken);
            int mark = server.Lines.Count;
            await SignalAsync(server, "HUP");
            var applied = await server.WaitForLineAsync("Reload: applied", TimeSpan.FromSeconds(20), mark);
            Assert.Contains("pool.ipv4", applied, StringComparison.Ordinal);
            Assert.Contains("outside the new pools", applied, StringComparison.Ordinal);

            mark = server.Lines.Count;
            var fresh = await BenchAsync(server, pin);
            Assert.True(fresh.Code == 0, fresh.Output);
            Assert.Contains("address 10.89.0.2", await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10), mark), StringComparison.Ordinal);

            await ping.WaitForExitAsync(TestContext.Current.CancellationToken);
            string pingOutput = await ping.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var counts = PingCounts().Match(pingOutput);
            Assert.True(counts.Success, pingOutput);
            Assert.True(int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture) - int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture) <= 2, pingOutput);
            Assert.DoesNotContain(server.Lines, l => l.Contains($"Session {sessionId} closed", StringComparison.Ordinal));

            // The kept lease ends cleanly with its session; the new pool is untouched by it.
            await Interop.RunAsync(Path.Combine(Interop.Sstpc, "run"), ["--stop"], timeout: TimeSpan.FromMinutes(1));
            await server.WaitForLineAsync($"Session {sessionId} closed", TimeSpan.FromSeconds(20));
            mark = server.Lines.Count;
            Assert.Equal(0, (await BenchAsync(server, pin)).Code);
            Assert.Contains("address 10.89.0.", await server.WaitForLineAsync("up: user alice", TimeSpan.FromSeconds(10), mark), StringComparison.Ordinal);
            Assert.DoesNotContain(server.Lines, l => l.Contains("unexpected error", StringComparison.Ordinal));
        }
        finally
        {
            await Interop.RunAsync(Path.Combine(Interop.Sstpc, "run"), ["--stop"], timeout: TimeSpan.FromMinutes(1));
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string PinFrom(ServerProcess server) =>
        PinLine().Match(server.Lines.First(l => l.Contains("(clients pin this)", StringComparison.Ordinal))).Groups[1].Value;

    private static Process StartPing(string address)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["netns", "exec", Interop.Namespace, "ping", "-n", "-c", "40", "-i", "0.25", "-W", "2", address])
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static async Task SignalAsync(ServerProcess server, string signal)
    {
        // `ip netns exec` replaces itself with the server, so the process id is the server's.
        var (code, output) = await Interop.RunAsync("kill", ["-" + signal, server.Process.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(code == 0, output);
    }

    /// <summary>One full session setup with our own client (`sstp bench setup`), accepting only <paramref name="pin"/>.</summary>
    private static Task<(int Code, string Output)> BenchAsync(ServerProcess server, string pin)
    {
        string sstp = Path.Combine(AppContext.BaseDirectory, "sstp.dll");
        string command = $"printf 'alice-secret\\n' | ip netns exec {Interop.Namespace} dotnet {sstp} bench setup --server {Interop.ServerAddress}:{server.Port} "
            + $"--user alice --password-stdin --sessions 1 --concurrency 1 --auth mschapv2 --pin-sha256 {pin} --json";
        return Interop.RunAsync("sh", ["-c", command], timeout: TimeSpan.FromMinutes(1));
    }

    private static int Succeeded(string output)
    {
        int start = output.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            return -1;
        }

        using var json = JsonDocument.Parse(output[start..output.LastIndexOf('}')].TrimEnd() + "}");
        return json.RootElement.GetProperty("succeeded").GetInt32();
    }

    [GeneratedRegex(@"Session (\d+) up: user alice from \S+, address (\d+\.\d+\.\d+\.\d+)")]
    private static partial Regex SessionUp();

    [GeneratedRegex(@"SHA-256 ([0-9A-F]{64})")]
    private static partial Regex PinLine();

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) received")]
    private static partial Regex PingCounts();
}

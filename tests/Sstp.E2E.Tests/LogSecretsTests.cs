using System.Text.Json;
using System.Text.RegularExpressions;
using Sstp.E2E.Tests.Client;
using Sstp.E2E.Tests.Radius;
using Sstp.Protocol.Crypto;

namespace Sstp.E2E.Tests;

/// <summary>
/// No secret reaches a log line at any level (issue 8, "Secrets"), and the structured logs carry each session's
/// context (issue 9, "Logs"). The server and our client run at trace level, in JSON and in text, through PAP,
/// CHAP-MD5, MS-CHAPv2 and EAP-MSCHAPv2 logins with the right and a wrong password, locally and through a real
/// FreeRADIUS (so the RADIUS secret and the MPPE keys of the Access-Accept are handled); then every line either
/// side printed is searched for the passwords, their NT hashes, the RADIUS secret and anything shaped like a key.
/// </summary>
public sealed partial class LogSecretsTests
{
    private const string AlicePassword = "Alice-Log-Pw-7f3e";
    private const string CarolPassword = "Carol-Log-Pw-91ab";

    private static readonly Dictionary<string, string> Users = new()
    {
        ["alice"] = AlicePassword,
        ["carol+chap"] = CarolPassword,   // CHAP-MD5 needs the clear password on the server
    };

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    /// <summary>Event ids of lines that belong to one session and must carry its context in JSON.</summary>
    private static readonly HashSet<int> SessionEvents = [1002, 1003, 1004, 1007, 2002, 4000, 4001];

    [GeneratedRegex("[0-9A-Fa-f]{32,}")]
    private static partial Regex LongHex();

    // Base64 of 16 bytes (22 characters and "=="), 32 bytes (43 and "=") or longer, standing alone.
    [GeneratedRegex("(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{22,}={0,2}(?![A-Za-z0-9+/=])")]
    private static partial Regex Base64Blob();

    [Theory(Timeout = 300_000)]
    [InlineData("json")]
    [InlineData("text")]
    public async Task LocalUsers_EveryMethod_GoodAndWrongPassword_TraceLogsHoldNoSecret(string format)
    {
        ClientE2E.RequireRoot();
        await using var net = await NamespacePair.CreateAsync();
        await using var server = await NamespaceServer.StartAsync(
            net, Users, $"{NamespacePair.ServerIPv4}:443", "--pool4", "10.88.0.0/24", "--auth", "pap,chap,mschapv2,eap-mschapv2",
            "--log-level", "trace", "--log-format", format);
        var clientLines = new List<string>();
        foreach (var (auth, user, password) in new[] { ("pap", "alice", AlicePassword), ("chap", "carol", CarolPassword), ("mschapv2", "alice", AlicePassword), ("eap-mschapv2", "alice", AlicePassword) })
        {
            clientLines.AddRange(await LoginAsync(net, server.PinSha256, auth, user, password, succeed: true, format));
            clientLines.AddRange(await LoginAsync(net, server.PinSha256, auth, user, "wrong-" + password, succeed: false, format));
        }

        await server.WaitForLineAsync(Step, 0, "authentication failed for user carol");
        await server.Process.SignalAsync("TERM");
        Assert.Equal(0, await server.Process.WaitForExitAsync(Step));
        var serverLines = server.Lines;

        AssertNoSecrets([.. serverLines, .. clientLines], [AlicePassword, CarolPassword, "wrong-" + AlicePassword, "wrong-" + CarolPassword], null, server.PinSha256);
        if (format == "json")
        {
            AssertJsonSessionLines(serverLines, expectUsers: ["alice", "carol"]);

            // The client logs the correlation id it sent; each session the server brought up is found on the client side.
            var sent = CorrelationIds(clientLines, 7000);
            var up = CorrelationIds(serverLines, 1002);
            Assert.Equal(4, up.Count);
            Assert.Subset(sent, up);
        }
        else
        {
            AssertTextSessionLines(serverLines);
        }
    }

    [Theory(Timeout = 300_000)]
    [InlineData("json", "mschapv2")]
    [InlineData("text", "eap-mschapv2")]
    public async Task Radius_GoodAndWrongPassword_TraceLogsHoldNoSecret(string format, string auth)
    {
        await using var setup = await RadiusSetup.StartAsync(auth, null, "--log-level", "trace", "--log-format", format);
        var clientLines = new List<string>();
        await using (var good = setup.StartClient(RadiusUsers.Alice, RadiusUsers.AlicePassword, auth, "--log-level", "trace", "--log-format", format))
        {
            await good.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
            await good.SignalAsync("TERM");
            Assert.Equal(0, await good.WaitForExitAsync(Step));
            clientLines.AddRange(good.Lines);
        }

        await using (var bad = setup.StartClient(RadiusUsers.Alice, "wrong-" + RadiusUsers.AlicePassword, auth, "--log-level", "trace", "--log-format", format))
        {
            Assert.Equal(5, await bad.WaitForExitAsync(ClientE2E.UpTimeout));
            clientLines.AddRange(bad.Lines);
        }

        await setup.Server.WaitForLineAsync(Step, 0, "authentication failed for user");
        await setup.Server.Process.SignalAsync("TERM");
        Assert.Equal(0, await setup.Server.Process.WaitForExitAsync(Step));
        var serverLines = setup.Server.Lines;

        AssertNoSecrets(
            [.. serverLines, .. clientLines], [RadiusUsers.AlicePassword, "wrong-" + RadiusUsers.AlicePassword], FreeRadiusServer.Secret, setup.Server.PinSha256);
        if (format == "json")
        {
            AssertJsonSessionLines(serverLines, expectUsers: [RadiusUsers.Alice]);
        }
        else
        {
            AssertTextSessionLines(serverLines);
        }
    }

    private static async Task<IReadOnlyList<string>> LoginAsync(NamespacePair net, string pin, string auth, string user, string password, bool succeed, string format)
    {
        await using var client = ClientE2E.StartClient(
            net.ClientNs, NamespacePair.ServerIPv4, user, password, "--pin-sha256", pin, "--auth", auth, "--log-level", "trace", "--log-format", format);
        if (succeed)
        {
            await client.WaitForLineAsync("tunnel up", ClientE2E.UpTimeout);
            await client.SignalAsync("TERM");
            Assert.Equal(0, await client.WaitForExitAsync(Step));
        }
        else
        {
            Assert.Equal(5, await client.WaitForExitAsync(ClientE2E.UpTimeout));
        }

        return client.Lines;
    }

    /// <summary>
    /// Fails when a line holds a password, its NT hash (hex, either case), the RADIUS secret, a run of 32 or more
    /// hex digits other than the certificate's SHA-256 (keys: MPPE send/receive, HLAK, CMK, NT hash), or a
    /// base64 blob of key length with mixed letters and digits.
    /// </summary>
    internal static void AssertNoSecrets(IReadOnlyList<string> lines, IReadOnlyList<string> passwords, string? radiusSecret, string certificateSha256)
    {
        Assert.NotEmpty(lines);
        var forbidden = new List<string>();
        foreach (string password in passwords)
        {
            forbidden.Add(password);
            byte[] hash = new byte[16];
            NtHash.Compute(password, hash);
            forbidden.Add(Convert.ToHexString(hash));
            forbidden.Add(Convert.ToHexStringLower(hash));
        }

        if (radiusSecret is not null)
        {
            forbidden.Add(radiusSecret);
        }

        var problems = new List<string>();
        foreach (string line in lines)
        {
            problems.AddRange(forbidden.Where(f => line.Contains(f, StringComparison.Ordinal)).Select(f => $"'{f}' in: {line}"));
            problems.AddRange(LongHex().Matches(line)
                .Where(m => !string.Equals(m.Value, certificateSha256, StringComparison.OrdinalIgnoreCase))
                .Select(m => $"hex run {m.Value} in: {line}"));
            problems.AddRange(Base64Blob().Matches(line)
                .Where(m => m.Value.Any(char.IsDigit) && m.Value.Any(char.IsUpper) && m.Value.Any(char.IsLower))
                .Select(m => $"base64-like {m.Value} in: {line}"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>
    /// Every logger line is one JSON object (lines the command prints itself start with "sstp"); each session
    /// line has the session id and peer, the up and auth-failure lines also the user and the correlation id.
    /// </summary>
    internal static void AssertJsonSessionLines(IReadOnlyList<string> lines, IReadOnlyList<string> expectUsers, string peerPrefix = NamespacePair.ClientIPv4 + ":")
    {
        var users = new HashSet<string>(StringComparer.Ordinal);
        int sessionLines = 0;
        foreach (string line in lines)
        {
            if (!line.StartsWith('{'))
            {
                Assert.StartsWith("sstp", line, StringComparison.Ordinal);
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var o = document.RootElement;
            foreach (string field in (string[])["time", "level", "event_id", "category", "message"])
            {
                Assert.True(o.TryGetProperty(field, out _), $"no {field} in: {line}");
            }

            Assert.EndsWith("Z", o.GetProperty("time").GetString(), StringComparison.Ordinal);
            if (!SessionEvents.Contains(o.GetProperty("event_id").GetInt32()))
            {
                continue;
            }

            sessionLines++;
            Assert.True(o.TryGetProperty("session", out var session) && session.ValueKind == JsonValueKind.Number, $"no session in: {line}");
            Assert.True(o.TryGetProperty("peer", out var peer) && peer.GetString()!.StartsWith(peerPrefix, StringComparison.Ordinal), $"no peer in: {line}");
            if (o.GetProperty("event_id").GetInt32() is 1002 or 4000)
            {
                Assert.True(o.TryGetProperty("user", out var user), $"no user in: {line}");
                users.Add(user.GetString()!);
                Assert.True(o.TryGetProperty("correlation_id", out var correlation) && correlation.GetString()!.Length > 0, $"no correlation_id in: {line}");
            }

            if (o.GetProperty("event_id").GetInt32() == 4000)
            {
                Assert.Equal(691, o.GetProperty("windows_error").GetInt32());
            }
        }

        Assert.True(sessionLines > 0, "no session line");
        Assert.Superset(expectUsers.ToHashSet(), users);
    }

    /// <summary>The <c>correlation_id</c> of every JSON line with <paramref name="eventId"/>.</summary>
    private static HashSet<string> CorrelationIds(IEnumerable<string> lines, int eventId)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in lines.Where(l => l.StartsWith('{')))
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.GetProperty("event_id").GetInt32() == eventId)
            {
                ids.Add(document.RootElement.GetProperty("correlation_id").GetString()!);
            }
        }

        return ids;
    }

    /// <summary>Text lines of a session end with the bracketed context; the startup line has none.</summary>
    private static void AssertTextSessionLines(IReadOnlyList<string> lines)
    {
        string started = Assert.Single(lines, l => l.Contains("sstp server listening on", StringComparison.Ordinal));
        Assert.DoesNotContain("[session=", started, StringComparison.Ordinal);
        var failed = lines.Where(l => l.Contains("authentication failed for user", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, l => Assert.Matches(@"Windows error 691 \[session=\d+ correlation_id=\S+ user=\S+ peer=" + Regex.Escape(NamespacePair.ClientIPv4) + @":\d+\]$", l));
        var up = lines.Where(l => l.Contains("] Session ", StringComparison.Ordinal) && l.Contains(" up: user ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(up);
        Assert.All(up, l => Assert.Matches(@"\[session=\d+ correlation_id=\S+ user=\S+ peer=\S+\]$", l));
    }
}

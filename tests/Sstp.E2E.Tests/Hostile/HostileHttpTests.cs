using System.Text;
using Sstp.Protocol.Http;

namespace Sstp.E2E.Tests.Hostile;

/// <summary>
/// Hostile input before SSTP starts (issue "Bad input against the live server"): garbage instead of TLS, garbage
/// after TLS, wrong methods and paths, an oversized header block. Each is refused (no answer, or an HTTP error
/// status and a close), the server logs why, and a good client connects right after (SSTP.md §3.3).
/// </summary>
public sealed class HostileHttpTests(HostileServer fixture) : HostileTestBase(fixture), IClassFixture<HostileServer>
{
    private static readonly string SstpPath = HttpRequestParser.SstpPath;

    [Fact(Timeout = 90_000)]
    public async Task GarbageInsteadOfTls_RandomBytes_ClosedWithoutAnswer_TlsFailureLogged()
    {
        int mark = Mark();
        await using (var client = await ConnectAsync(tls: false))
        {
            await client.WriteAsync(Garbage(512, seed: 11), Cancel);
            client.ShutdownSend();
            var received = await client.ReadUntilClosedAsync(Step, Cancel);

            Assert.True(client.Closed, "the server kept the connection open");
            AssertNoHttpOrSstp(received);
            await WaitForLogAsync(mark, $"TLS handshake with {client.PeerInLog} failed");

            // No session was ever created for it (session lines say "from PEER").
            Assert.DoesNotContain(Server.Lines.Skip(mark), l => l.Contains($"from {client.PeerInLog}", StringComparison.Ordinal));
        }

        await AssertGoodClientConnectsAsync();
    }

    [Fact(Timeout = 90_000)]
    public async Task GarbageInsteadOfTls_ClearTextHttpGet_ClosedWithoutHttpAnswer_TlsFailureLogged()
    {
        int mark = Mark();
        await using (var client = await ConnectAsync(tls: false))
        {
            await client.WriteAsync(Encoding.ASCII.GetBytes($"GET {SstpPath} HTTP/1.1\r\nHost: {Interop.ServerAddress}\r\n\r\n"), Cancel);
            var received = await client.ReadUntilClosedAsync(Step, Cancel);

            Assert.True(client.Closed, "the server kept a clear-text connection open");
            AssertNoHttpOrSstp(received);
            await WaitForLogAsync(mark, $"TLS handshake with {client.PeerInLog} failed");
        }

        await AssertGoodClientConnectsAsync();
    }

    [Fact(Timeout = 90_000)]
    public async Task GarbageAfterTls_RandomBytes_400AndClosed_RefusalLogged()
    {
        int mark = Mark();
        await using (var client = await ConnectAsync(tls: true))
        {
            // Starts with a byte above 0x7F, so the request parser cannot take it for the start of a request line.
            var garbage = Garbage(300, seed: 12);
            garbage[0] = 0xC3;
            await client.WriteAsync(garbage, Cancel);
            var received = await client.ReadUntilClosedAsync(Step, Cancel);

            Assert.True(client.Closed, "the server kept the connection open after refusing");
            Assert.Equal("HTTP/1.1 400 Bad Request", RawClient.StatusLine(received));
            Assert.Contains("Connection: close", Encoding.ASCII.GetString(received), StringComparison.Ordinal);
            await WaitForLogAsync(mark, $"from {client.PeerInLog}: HTTP request refused (", HttpRefusal.Malformed.Describe());
        }

        await AssertGoodClientConnectsAsync();
    }

    /// <summary>SSTP.md §3.3: ordinary web methods and wrong paths look like an empty web server (404), unknown methods get 501.</summary>
    public static TheoryData<string, string, int, HttpRefusal> WrongRequests => new()
    {
        { "GET", $"GET {SstpPath} HTTP/1.1\r\nHost: {Interop.ServerAddress}\r\n\r\n", 404, HttpRefusal.NotSstpMethod },
        { "FOO", $"FOO {SstpPath} HTTP/1.1\r\nHost: {Interop.ServerAddress}\r\n\r\n", 501, HttpRefusal.UnknownMethod },
        {
            "wrong URI",
            $"SSTP_DUPLEX_POST /sra_{{00000000-0000-0000-0000-000000000000}}/ HTTP/1.1\r\nHost: {Interop.ServerAddress}\r\nContent-Length: 18446744073709551615\r\nSSTPCORRELATIONID: {{5B8C1F3A-1D2E-4F60-8A9B-0C1D2E3F4A5B}}\r\n\r\n",
            404,
            HttpRefusal.WrongPath
        },
    };

    [Theory(Timeout = 90_000)]
    [MemberData(nameof(WrongRequests))]
    public async Task WrongMethodOrUri_HttpErrorStatusAndClosed_RefusalLogged(string what, string request, int status, HttpRefusal refusal)
    {
        int mark = Mark();
        await using (var client = await ConnectAsync(tls: true))
        {
            await client.WriteAsync(Encoding.ASCII.GetBytes(request), Cancel);
            var received = await client.ReadUntilClosedAsync(Step, Cancel);

            Assert.True(client.Closed, $"{what}: the server kept the connection open after refusing");
            Assert.StartsWith($"HTTP/1.1 {status} ", RawClient.StatusLine(received), StringComparison.Ordinal);
            await WaitForLogAsync(mark, $"from {client.PeerInLog}: HTTP request refused (", refusal.Describe());
        }

        await AssertGoodClientConnectsAsync();
    }

    [Fact(Timeout = 90_000)]
    public async Task OversizedHeaderBlock_431AndClosed_RefusalLogged()
    {
        int mark = Mark();
        await using (var client = await ConnectAsync(tls: true))
        {
            // 60 header lines of ~150 bytes: over the 8 KiB block limit long before the 100-line limit, never finished.
            var request = new StringBuilder($"SSTP_DUPLEX_POST {SstpPath} HTTP/1.1\r\nHost: {Interop.ServerAddress}\r\n");
            for (int i = 0; i < 60; i++)
            {
                request.Append("X-Padding-").Append(i).Append(": ").Append('a', 130).Append("\r\n");
            }

            Assert.True(request.Length > HttpRequestParser.MaxHeaderBytes);
            await client.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), Cancel);
            var received = await client.ReadUntilClosedAsync(Step, Cancel);

            Assert.True(client.Closed, "the server kept the connection open after an oversized header block");
            Assert.StartsWith("HTTP/1.1 431 ", RawClient.StatusLine(received), StringComparison.Ordinal);
            await WaitForLogAsync(mark, $"from {client.PeerInLog}: HTTP request refused (", HttpRefusal.HeaderTooLarge.Describe());
        }

        await AssertGoodClientConnectsAsync();
    }

    /// <summary>
    /// Before TLS the server has nothing to say: at most a TLS alert record (content type 0x15), never HTTP or SSTP.
    /// </summary>
    private static void AssertNoHttpOrSstp(byte[] received)
    {
        Assert.True(
            received.Length == 0 || received[0] == 0x15,
            $"unexpected answer before TLS: {Convert.ToHexString(received.AsSpan(0, Math.Min(received.Length, 64)))}");
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Sstp.Client.Bench;
using Sstp.IO.Tls;

namespace Sstp.Client.Tests.Bench;

public class HostileTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Kinds_AllAndLists_ParseInOrderWithoutDuplicates()
    {
        Assert.True(HostileKinds.TryParse("all", out var all, out _));
        Assert.Equal(13, all.Count);
        Assert.True(HostileKinds.TryParse("tls-silent, TCP-SILENT,tls-silent", out var two, out _));
        Assert.Equal([HostileKind.TlsSilent, HostileKind.TcpSilent], two);
        Assert.All(HostileKinds.All, k => Assert.True(HostileKinds.TryParse(HostileKinds.Name(k), out var one, out _) && one.Single() == k));
    }

    [Theory]
    [InlineData("tcp-silent,nonsense", "'nonsense'")]
    [InlineData(",", "no kind")]
    public void Kinds_Bad_NamesTheOption(string text, string mentions)
    {
        Assert.False(HostileKinds.TryParse(text, out _, out string? problem));
        Assert.StartsWith("--kinds", problem, StringComparison.Ordinal);
        Assert.Contains(mentions, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Sources_ListAndRange_HostAddressesOnly()
    {
        Assert.True(HostileOptions.TryParseSources("10.0.0.9, 10.0.0.10", "192.0.2.0/30", out var sources, out _));
        Assert.Equal(["10.0.0.9", "10.0.0.10", "192.0.2.1", "192.0.2.2"], sources.Select(a => a.ToString()));
        Assert.True(HostileOptions.TryParseSources(null, "192.0.2.7/32", out var one, out _));
        Assert.Equal("192.0.2.7", Assert.Single(one).ToString());
        Assert.True(HostileOptions.TryParseSources(null, "10.0.0.0/8", out var capped, out _));
        Assert.Equal(HostileOptions.MaxSources, capped.Count);
        Assert.Equal("10.0.1.0", capped[255].ToString());
    }

    [Theory]
    [InlineData("10.0.0.300", null, "--source")]
    [InlineData(null, "10.0.0.0/33", "--source-range")]
    [InlineData(null, "banana", "--source-range")]
    public void Sources_Bad_NamesTheOption(string? list, string? range, string option)
    {
        Assert.False(HostileOptions.TryParseSources(list, range, out _, out string? problem));
        Assert.StartsWith(option, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Ping_HeaderAndIcmpChecksumsVerify()
    {
        var packet = new byte[1200];
        HostileProbe.WritePing(packet, IPAddress.Parse("10.91.0.7"), IPAddress.Parse("10.91.0.1"), 513);
        Assert.Equal(0xFFFF, SumWords(packet.AsSpan(0, 20)));
        Assert.Equal(0xFFFF, SumWords(packet.AsSpan(20)));
        Assert.Equal(1200, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)));
        Assert.Equal(513, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(26)));
    }

    [Fact]
    public void Summarize_GroupsOutcomesPerKind_TimesOnlyForServerEnded()
    {
        var options = new HostileOptions { Host = "192.0.2.1", Connections = 5, Kinds = [HostileKind.TcpSilent, HostileKind.BadRequest] };
        HostileResult[] results =
        [
            new(HostileKind.TcpSilent, "closed", 100),
            new(HostileKind.TcpSilent, "closed", 300),
            new(HostileKind.TcpSilent, "error:ConnectionRefused", null),
            new(HostileKind.BadRequest, "http-404", 5),
            new(HostileKind.BadRequest, "open", null),
        ];
        var report = HostileReport.Summarize(options, results, TimeSpan.FromSeconds(2), stopped: false);
        var silent = report.Kinds[0];
        Assert.Equal(("tcp-silent", 3, 2, 1), (silent.Kind, silent.Attempts, silent.ServerEnded, silent.Errors));
        Assert.Equal((100, 300), (silent.CloseP50Ms, silent.CloseP99Ms));
        Assert.Equal(1, report.Kinds[1].Outcomes["open"]);
        Assert.Contains("\"outcomes\":{\"http-404\":1,\"open\":1}", report.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_ServerClosesAfterAccept_TcpSilentCountedClosed_FromTheGivenSource()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var peers = new List<IPAddress>();
        var serve = Task.Run(async () =>
        {
            for (int i = 0; i < 4; i++)
            {
                using var client = await listener.AcceptTcpClientAsync(Cancel);
                peers.Add(((IPEndPoint)client.Client.RemoteEndPoint!).Address);
            }
        }, Cancel);
        var options = new HostileOptions
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)listener.LocalEndpoint).Port,
            Connections = 4,
            Concurrency = 2,
            Kinds = [HostileKind.TcpSilent],
            Sources = [IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3")],
            HoldTimeout = TimeSpan.FromSeconds(20),
        };
        var report = await new HostileRunner(options).RunAsync(Cancel);
        await serve;
        var kind = Assert.Single(report.Kinds);
        Assert.Equal(4, kind.Attempts);
        Assert.Equal(4, kind.ServerEnded);
        Assert.Equal(4, kind.Outcomes["closed"]);
        Assert.Equal(["127.0.0.2", "127.0.0.3"], peers.Select(p => p.ToString()).Distinct().Order());
    }

    [Fact]
    public async Task Runner_BadRequestAnsweredWith404_OutcomeIsTheStatus()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=hostile-test", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serve = Task.Run(async () =>
        {
            for (int i = 0; i < 2; i++)
            {
                using var client = await listener.AcceptTcpClientAsync(Cancel);
                await using var ssl = new SslStream(client.GetStream());
                await ssl.AuthenticateAsServerAsync(certificate);
                var head = new StringBuilder();
                var buffer = new byte[1024];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    int n = await ssl.ReadAsync(buffer, Cancel);
                    head.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }

                await ssl.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), Cancel);
            }
        }, Cancel);
        var options = new HostileOptions
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)listener.LocalEndpoint).Port,
            Connections = 2,
            Concurrency = 1,
            Kinds = [HostileKind.BadRequest],
            Validation = ServerCertificateValidation.Insecure,
            HoldTimeout = TimeSpan.FromSeconds(20),
        };
        var report = await new HostileRunner(options).RunAsync(Cancel);
        await serve;
        Assert.Equal(2, Assert.Single(report.Kinds).Outcomes["http-404"]);
    }

    [Fact]
    public void Runner_LoginKindsWithoutUser_Refused()
    {
        var options = new HostileOptions { Host = "127.0.0.1", Kinds = [HostileKind.WrongPassword] };
        Assert.Throws<ArgumentException>(() => new HostileRunner(options));
    }

    private static int SumWords(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (int)sum;
    }
}

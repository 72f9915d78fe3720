using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sstp.Server.Diagnostics.Metrics;

namespace Sstp.Server.Tests.Diagnostics;

/// <summary>The /metrics responder on a real loopback socket, scraped the way Prometheus does.</summary>
public class MetricsEndpointTests
{
    [Fact]
    public async Task Get_Metrics_AnswersThePrometheusText()
    {
        using var meter = new Meter("test.endpoint");
        using var collector = new PrometheusCollector(meter);
        await using var endpoint = MetricsEndpoint.Start(new IPEndPoint(IPAddress.Loopback, 0), collector.Render);
        meter.CreateCounter<long>("scraped_total", description: "Things.").Add(42, new KeyValuePair<string, object?>("kind", "x"));
        meter.CreateHistogram<double>("scraped_seconds").Record(0.2);

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://{endpoint.LocalEndpoint}/metrics"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = PrometheusText.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(42, text.Value("scraped_total", ("kind", "x")));
        Assert.Equal(1, text.Value("scraped_seconds_count"));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 404 ")]
    [InlineData("GET /metricsx HTTP/1.1\r\n\r\n", "HTTP/1.1 404 ")]
    [InlineData("POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 405 ")]
    [InlineData("hello\r\n\r\n", "HTTP/1.1 400 ")]
    [InlineData("GET /metrics?x=1 HTTP/1.0\r\n\r\n", "HTTP/1.1 200 ")]
    public async Task OtherRequests_GetTheirStatus(string request, string expectedStart)
    {
        await using var endpoint = MetricsEndpoint.Start(new IPEndPoint(IPAddress.Loopback, 0), () => "up 1\n");

        string answer = await ExchangeAsync(endpoint.LocalEndpoint, Encoding.ASCII.GetBytes(request));

        Assert.StartsWith(expectedStart, answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "HTTP/1.1 200 OK", "ok\n")]
    [InlineData(true, "HTTP/1.1 503 Service Unavailable", "draining\n")]
    public async Task Health_Answers200WhileServing_And503WhileDraining(bool draining, string statusLine, string body)
    {
        bool rendered = false;
        await using var endpoint = MetricsEndpoint.Start(new IPEndPoint(IPAddress.Loopback, 0), () => { rendered = true; return "up 1\n"; }, () => draining);

        string answer = await ExchangeAsync(endpoint.LocalEndpoint, "GET /health HTTP/1.1\r\nHost: lb\r\n\r\n"u8.ToArray());

        Assert.StartsWith(statusLine + "\r\n", answer, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n" + body, answer, StringComparison.Ordinal);
        Assert.False(rendered);
    }

    [Fact]
    public async Task Health_FollowsTheDrainStateFromOneRequestToTheNext()
    {
        bool draining = false;
        await using var endpoint = MetricsEndpoint.Start(new IPEndPoint(IPAddress.Loopback, 0), () => "up 1\n", () => draining);
        using var http = new HttpClient();
        var url = new Uri($"http://{endpoint.LocalEndpoint}/health");

        using (var before = await http.GetAsync(url, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        draining = true;
        using var after = await http.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        Assert.Equal("draining\n", await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Head_AnswersHeadersWithoutBody()
    {
        await using var endpoint = MetricsEndpoint.Start(new IPEndPoint(IPAddress.Loopback, 0), () => "up 1\n");

        string answer = await ExchangeAsync(endpoint.LocalEndpoint, "HEAD /metrics HTTP/1.1\r\n\r\n"u8.ToArray());

        Assert.StartsWith("HTTP/1.1 200 ", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 5\r\n", answer, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedRequestHead_Is431_AndNothingIsRendered()
    {
        bool rendered = false;
        await using var endpoint = MetricsEndpoint.Start(new IPEndPoint(IPAddress.Loopback, 0), () =>
        {
            rendered = true;
            return "up 1\n";
        });
        var request = Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nX-Long: " + new string('a', MetricsEndpoint.MaxRequestBytes) + "\r\n\r\n");

        string answer = await ExchangeAsync(endpoint.LocalEndpoint, request);

        Assert.StartsWith("HTTP/1.1 431 ", answer, StringComparison.Ordinal);
        Assert.False(rendered);
    }

    [Fact]
    public async Task RequestSplitAcrossWrites_IsStillRead()
    {
        await using var endpoint = MetricsEndpoint.Start(new IPEndPoint(IPAddress.Loopback, 0), () => "up 1\n");
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(endpoint.LocalEndpoint, TestContext.Current.CancellationToken);
        foreach (string part in new[] { "GET /metrics HTTP/1.1\r", "\nHost: a\r\n\r", "\n" })
        {
            await client.SendAsync(Encoding.ASCII.GetBytes(part), TestContext.Current.CancellationToken);
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        string answer = await ReadAllAsync(client);
        Assert.StartsWith("HTTP/1.1 200 ", answer, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nup 1\n", answer, StringComparison.Ordinal);
    }

    private static async Task<string> ExchangeAsync(IPEndPoint endpoint, byte[] request)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(endpoint, TestContext.Current.CancellationToken);
        try
        {
            await client.SendAsync(request, TestContext.Current.CancellationToken);
        }
        catch (SocketException)
        {
            // The server may answer and close before reading an oversized request to its end.
        }

        return await ReadAllAsync(client);
    }

    private static async Task<string> ReadAllAsync(Socket client)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await client.ReceiveAsync(buffer, TestContext.Current.CancellationToken)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException)
        {
            // A reset after the answer (unread request bytes) still leaves the answer read.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}

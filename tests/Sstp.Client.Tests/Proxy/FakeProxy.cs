using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sstp.Client.Tests.Proxy;

/// <summary>
/// An in-process stand-in proxy on loopback: accepts one connection at a time, hands back the raw request
/// header block, and lets the test write whatever answer it wants.
/// </summary>
internal sealed class FakeProxy : IDisposable
{
    private readonly TcpListener _listener;

    public FakeProxy(IPAddress? address = null)
    {
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Uri(string userInfo = "") =>
        new($"http://{userInfo}{(((IPEndPoint)_listener.LocalEndpoint).Address.AddressFamily == AddressFamily.InterNetworkV6 ? "[::1]" : "127.0.0.1")}:{Port}");

    /// <summary>Accepts a connection, reads the request up to the empty line, then runs <paramref name="answer"/>.</summary>
    public async Task<string> ServeOnceAsync(Func<Stream, Task> answer, CancellationToken cancellationToken)
    {
        using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
        var stream = client.GetStream();
        var request = new List<byte>();
        byte[] one = new byte[1];
        while (!EndsWithEmptyLine(request))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                break;
            }

            request.Add(one[0]);
        }

        await answer(stream);
        return Encoding.ASCII.GetString([.. request]);
    }

    public void Dispose() => _listener.Dispose();

    private static bool EndsWithEmptyLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';
}

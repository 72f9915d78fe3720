// One load-generator session: TCP connect, TLS (the run's shared TlsConnector: pinned SHA-256 or insecure, so
// no chain is built; the same connector and target name let SslStream resume TLS sessions), the SSTP client
// session driven by a SessionDriver whose host never creates a TUN device.
//   SetupAsync   - starts the clock before the TCP connect and stops it at the TunnelUp event. The driver then
//                  keeps running: Hello/echo requests from the server are answered by the protocol core.
//   CloseAsync   - posts Close to the driver (the core sends Call Disconnect and waits for the ack) and waits
//                  for the driver to finish.
//   Completion   - the driver's run; completes when the session ends for any reason (hold counts these).

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Sstp.IO.Driving;
using Sstp.IO.Primitives;
using Sstp.IO.Tls;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;

namespace Sstp.Client.Bench;

/// <summary>One SSTP client session of the load generator, without a TUN device.</summary>
public sealed class BenchSession : IAsyncDisposable
{
    private readonly BenchOptions _options;
    private readonly TlsConnector _tls;
    private readonly IPEndPoint _server;
    private readonly IPAddress? _source;
    private readonly Func<Stream, Stream>? _wrap;
    private readonly BenchSessionHost _host = new();
    private readonly CancellationTokenSource _stop = new();
    private SessionDriver? _driver;
    private Task<DisconnectReason>? _run;
    private TlsConnection? _connection;

    /// <summary>Creates a session that is not yet connected.</summary>
    /// <param name="options">The run's options (credentials, auth methods).</param>
    /// <param name="tls">The run's shared TLS connector.</param>
    /// <param name="server">The resolved server address.</param>
    /// <param name="source">The local address to connect from (null: the system's choice).</param>
    /// <param name="wrap">Wraps the TLS stream the session runs on (the hostile bench uses it to stop reading).</param>
    public BenchSession(BenchOptions options, TlsConnector tls, IPEndPoint server, IPAddress? source = null, Func<Stream, Stream>? wrap = null)
    {
        _options = options;
        _tls = tls;
        _server = server;
        _source = source;
        _wrap = wrap;
    }

    /// <summary>The running driver once the TLS connection is up (null before); used to send packets into the tunnel.</summary>
    public SessionDriver? Driver => _driver;

    /// <summary>The tunnel's addresses once it is up (null before, or if setup failed).</summary>
    public TunnelInfo? Tunnel => _host.Up.IsCompletedSuccessfully ? _host.Up.Result : null;

    /// <summary>Our end of the TCP connection once connected.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>The driver's run: completes with the reason when the session ends; a completed task before setup.</summary>
    public Task<DisconnectReason> Completion => _run ?? Task.FromResult(DisconnectReason.None);

    /// <summary>IP packets from the server that were dropped.</summary>
    public long DroppedPackets => _host.DroppedPackets;

    /// <summary>
    /// Connects and runs the session up to TunnelUp. Never throws for network, TLS or protocol failures: they
    /// come back as <see cref="BenchSetupResult.Failure"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops the attempt (the result is then a <c>Cancelled</c> failure).</param>
    public async Task<BenchSetupResult> SetupAsync(CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.SetupTimeout);
        Socket? socket = null;
        try
        {
            socket = new Socket(_server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (_source is not null)
            {
                socket.Bind(new IPEndPoint(_source, 0));
            }

            await socket.ConnectAsync(_server, timeout.Token).ConfigureAwait(false);
            LocalEndPoint = socket.LocalEndPoint as IPEndPoint;
            var transport = new NetworkStream(socket, ownsSocket: true);
            socket = null;
            try
            {
                _connection = await _tls.ConnectAsync(transport, timeout.Token).ConfigureAwait(false);
            }
            catch
            {
                await transport.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            var settings = new ClientSessionSettings
            {
                Host = _options.Host,
                Credentials = new AuthPeerSettings(_options.User, _options.Password),
                Sstp = new SstpClientSettings { ServerCertHashSha1 = _connection.ServerLeafSha1, ServerCertHashSha256 = _connection.ServerLeafSha256 },
                Lcp = new LcpSettings { AuthProtocols = _options.Auth },
                EnableIpv6 = false,
            };
            var session = new ClientSession(settings, CryptoRandom.Instance, TimeSpan.Zero);
            var stream = _wrap is null ? _connection.Stream : _wrap(_connection.Stream);
            _driver = new SessionDriver(session, stream, _host, TimeProvider.System);
            _run = _driver.RunAsync(_stop.Token);
            var finished = await Task.WhenAny(_host.Up, Task.Delay(Timeout.InfiniteTimeSpan, timeout.Token)).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (finished != _host.Up)
            {
                await CloseAsync().ConfigureAwait(false);
                return new(elapsed, cancellationToken.IsCancellationRequested ? "Cancelled" : "Timeout");
            }

            if (await _host.Up.ConfigureAwait(false) is null)
            {
                var reason = await _run.ConfigureAwait(false);
                return new(elapsed, reason.ToString());
            }

            return new(elapsed, null);
        }
        catch (OperationCanceledException)
        {
            return new(Stopwatch.GetElapsedTime(start), cancellationToken.IsCancellationRequested ? "Cancelled" : "Timeout");
        }
        catch (SocketException e)
        {
            return new(Stopwatch.GetElapsedTime(start), $"SocketException.{e.SocketErrorCode}");
        }
        catch (Exception e) when (e is AuthenticationException or IOException or TimeoutException)
        {
            return new(Stopwatch.GetElapsedTime(start), e.GetType().Name);
        }
        finally
        {
            socket?.Dispose();
        }
    }

    /// <summary>Ends the session gracefully (Call Disconnect) and waits for the driver to finish.</summary>
    /// <returns>Why the session ended (<see cref="DisconnectReason.LocalClose"/> when we closed it).</returns>
    public async Task<DisconnectReason> CloseAsync()
    {
        if (_run is null)
        {
            return DisconnectReason.None;
        }

        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        return await _run.ConfigureAwait(false);
    }

    /// <summary>Closes the session if it is still open and releases the TLS connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Sstp.IO.Driving;
using Sstp.IO.Primitives;
using Sstp.IO.Tls;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;

namespace Sstp.Client;

/// <summary>
/// <c>sstp client</c>: connects to an SSTP server (TCP or HTTP proxy, TLS with the chosen certificate check,
/// SSTP, PPP), brings up a TUN device, and keeps it up until stopped; with reconnect it starts over after a
/// drop, waiting 1, 2, 4 … 60 s (±20 %) between attempts.
/// </summary>
public sealed partial class SstpClient(ClientOptions options, ILogger logger, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private SessionDriver? _driver;
    private ClientTunnel? _tunnel;
    private IPAddress? _serverAddress;
    private Socket? _socket;

    /// <summary>The current session's traffic counters, or null between sessions.</summary>
    public SessionTraffic? Traffic => _driver?.Traffic;

    /// <summary>What the current tunnel negotiated, or null while it is not up.</summary>
    public TunnelInfo? Tunnel => _tunnel?.Info;

    /// <summary>The current TUN device, or null.</summary>
    public string? DeviceName => _tunnel?.DeviceName;

    /// <summary>
    /// The kernel's smoothed round-trip time of the TCP connection to the server (TCP_INFO), or null when not
    /// connected directly (through a proxy it would be the proxy's).
    /// </summary>
    public TimeSpan? TransportRtt
    {
        get
        {
            var socket = _socket;
            if (socket is null || _driver is null)
            {
                return null;
            }

            try
            {
                // struct tcp_info: tcpi_rtt (microseconds) is the u32 at offset 68 (linux/tcp.h).
                Span<byte> info = stackalloc byte[104];
                int length = socket.GetRawSocketOption(6 /* IPPROTO_TCP */, 11 /* TCP_INFO */, info);
                return length >= 72 ? TimeSpan.FromMicroseconds(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(info[68..])) : null;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return null;
            }
        }
    }

    /// <summary>Raised when a tunnel comes up (TUN configured).</summary>
    public event Action<TunnelInfo>? Up;

    /// <summary>
    /// Runs until <paramref name="stopping"/> is cancelled (returns null) or, without reconnect, until the first
    /// failure (returned). With reconnect, failures are logged and retried; only stopping ends the loop.
    /// </summary>
    public async Task<ClientFailure?> RunAsync(CancellationToken stopping)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            var started = _time.GetTimestamp();
            var failure = await ConnectOnceAsync(stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                return null;
            }

            failure ??= new ClientFailure(ClientFailureKind.Network, "the server ended the session");
            if (!options.Reconnect)
            {
                return failure;
            }

            if (_time.GetElapsedTime(started) > TimeSpan.FromMinutes(1))
            {
                delay = TimeSpan.FromSeconds(1);
            }

            var jittered = delay * (0.8 + (0.4 * Random.Shared.NextDouble()));
            Log.Reconnecting(logger, failure.Message, jittered.TotalSeconds);
            try
            {
                await Task.Delay(jittered, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(60).Ticks));
        }
    }

    private async Task<ClientFailure?> ConnectOnceAsync(CancellationToken stopping)
    {
        Stream transport;
        try
        {
            transport = await OpenTransportAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or FormatException)
        {
            return new ClientFailure(ClientFailureKind.Network, $"cannot reach {options.Host}:{options.Port}{(options.Proxy is null ? string.Empty : " through the proxy")}: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        TlsConnection tls;
        try
        {
            using var connector = new TlsConnector(new TlsConnectorOptions
            {
                TargetHost = options.TlsName,
                Validation = options.Validation,
                CaFile = options.CaFile,
                PinnedSha256 = options.PinSha256 ?? ReadOnlyMemory<byte>.Empty,
                TimeProvider = _time,
            });
            tls = await connector.ConnectAsync(transport, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or TimeoutException)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            return new ClientFailure(ClientFailureKind.Tls, $"TLS with {options.TlsName} failed, nothing was sent: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        await using var _ = tls;
        var settings = new ClientSessionSettings
        {
            Host = options.Host,
            Credentials = new AuthPeerSettings(options.User, options.Password),
            Sstp = new SstpClientSettings { ServerCertHashSha1 = tls.ServerLeafSha1, ServerCertHashSha256 = tls.ServerLeafSha256 },
            Lcp = new LcpSettings { Mru = options.Mtu, AuthProtocols = options.Auth },
            EnableIpv6 = options.Ipv6,
        };
        var session = new ClientSession(settings, CryptoRandom.Instance, TimeSpan.Zero);

        // Every line of this attempt names its SSTPCORRELATIONID, which the server logs too: it joins both ends.
        using var logScope = logger.BeginScope(new KeyValuePair<string, object?>[] { new("correlation_id", session.CorrelationId), new("user", options.User) });
        Log.Connected(logger, options.Host, options.Port, tls.Protocol.ToString(), tls.CipherSuite.ToString());
        await using var tunnel = new ClientTunnel(options, _serverAddress ?? IPAddress.Any, logger);
        tunnel.Up += info => Up?.Invoke(info);
        var driver = new SessionDriver(session, tls.Stream, tunnel, _time, new SessionDriverOptions { MergeWrites = options.WriteMerging });
        _tunnel = tunnel;
        _driver = driver;
        try
        {
            var reason = await driver.RunAsync(stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                return null;
            }

            if (tunnel.SetupFailure is { } setup)
            {
                return new ClientFailure(ClientFailureKind.Local, $"local tunnel setup failed: {setup}");
            }

            var closed = tunnel.Closed;
            return ClientFailure.FromSession(reason, closed?.Detail ?? reason.ToString(), session.AuthenticatedUser is not null);
        }
        finally
        {
            _driver = null;
            _tunnel = null;
        }
    }

    /// <summary>TCP to the server (every resolved address in turn), or through the HTTP proxy.</summary>
    private async Task<Stream> OpenTransportAsync(CancellationToken stopping)
    {
        _socket = null;
        if (options.Proxy is { } proxy)
        {
            // Through a proxy, the host route for --default-route must keep the proxy reachable.
            var proxyAddresses = IPAddress.TryParse(proxy.IdnHost.Trim('[', ']'), out var p)
                ? [p]
                : await Dns.GetHostAddressesAsync(proxy.IdnHost, stopping).ConfigureAwait(false);
            _serverAddress = proxyAddresses.FirstOrDefault();
            return await Proxy.HttpConnectProxy.ConnectAsync(proxy, options.Host, options.Port, stopping).ConfigureAwait(false);
        }

        IPAddress[] addresses = IPAddress.TryParse(options.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(options.Host, stopping).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, options.Port), timeout.Token).ConfigureAwait(false);
                SocketTuning.Apply(socket);
                _serverAddress = address;
                _socket = socket;
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                last = e;
                socket.Dispose();
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                socket.Dispose();
                last = new SocketException((int)SocketError.TimedOut);
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static partial class Log
    {
        [LoggerMessage(7000, LogLevel.Information, "Connected to {Host}:{Port} with {TlsProtocol} {Cipher}")]
        public static partial void Connected(ILogger logger, string host, int port, string tlsProtocol, string cipher);

        [LoggerMessage(7003, LogLevel.Warning, "{Why}; reconnecting in {Seconds:0.0} s")]
        public static partial void Reconnecting(ILogger logger, string why, double seconds);
    }
}

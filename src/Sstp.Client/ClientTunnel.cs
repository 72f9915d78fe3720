using System.Buffers;
using System.Net;
using Microsoft.Extensions.Logging;
using Sstp.IO.Driving;
using Sstp.Client.Platform;
using Sstp.IO.Tun;
using Sstp.Protocol.Ip;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Session;

namespace Sstp.Client;

/// <summary>
/// The client's host for one session: when the tunnel comes up it creates and configures the TUN device
/// (addresses from IPCP/IPv6CP, MTU from the server's MRU), starts the reader that feeds the session, and
/// on the way down removes everything it set up.
/// </summary>
internal sealed partial class ClientTunnel(ClientOptions options, IPAddress serverAddress, ILogger log) : ISessionHost, ITunPacketSink, IAsyncDisposable
{
    private readonly RouteManager _routes = new();
    private readonly DnsConfigurator _dns = new();
    private LinuxTunDevice? _tun;
    private TunReader? _reader;
    private SessionDriver? _driver;
    private Task? _setup;
    private volatile bool _ready;
    private long _dropped;
    private readonly CoalescingTunWriter _tunWriter = new();

    /// <summary>What was negotiated, once the tunnel came up.</summary>
    public TunnelInfo? Info { get; private set; }

    /// <summary>How the session ended.</summary>
    public SessionEvent.Closed? Closed { get; private set; }

    /// <summary>The TUN device name, once created.</summary>
    public string? DeviceName => _tun?.Name;

    /// <summary>Raised (on the driver loop) when the TUN device is configured and traffic flows.</summary>
    public event Action<TunnelInfo>? Up;

    public void OnEvent(SessionDriver driver, SessionEvent sessionEvent)
    {
        _driver = driver;
        switch (sessionEvent)
        {
            case SessionEvent.TunnelUp up:
                Info = up.Info;
                _setup = SetupAsync(up.Info);
                break;
            case SessionEvent.Closed closed:
                Closed = closed;
                break;
        }
    }

    public void OnPacket(SessionDriver driver, Span<byte> packet, PppProtocol protocol)
    {
        if (!_ready || _tun is null)
        {
            _dropped++;
            return;
        }

        MssClamp.ClampTcpMss(packet, MssClamp.MaxMssFor(Math.Max(68, driver.Session.CurrentDataPath.Mtu), protocol == PppProtocol.IPv6));
        try
        {
            _tunWriter.Write(_tun, packet);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _dropped++;
        }
    }

    public void OnBatchEnd(SessionDriver driver)
    {
        try
        {
            _tunWriter.Flush(_tun);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _dropped++;
        }
    }

    private async Task SetupAsync(TunnelInfo info)
    {
        try
        {
            _tun = LinuxTunDevice.Open(options.TunName, options.TunOffload);
            if (info.LocalInterfaceId != 0)
            {
                TuneIpv6(_tun.Name);
            }

            var link = new LinkConfigurator();
            await link.SetMtuAsync(_tun.Name, info.Mtu).ConfigureAwait(false);
            if (info.LocalIPv4 is { } local && info.PeerIPv4 is { } peer)
            {
                await link.AddPeerAddressAsync(_tun.Name, local, peer, 32).ConfigureAwait(false);
            }

            if (info.LocalInterfaceId != 0)
            {
                await link.AddAddressAsync(_tun.Name, LinkLocal(info.LocalInterfaceId), 64).ConfigureAwait(false);
            }

            await link.SetStateAsync(_tun.Name, up: true).ConfigureAwait(false);

            // Routes: split networks of the families that are up, or everything with --default-route (a host
            // route keeps the server itself on the original path).
            bool ipv6 = info.LocalInterfaceId != 0;
            var routes = options.Routes
                .Where(r => r.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? info.LocalIPv4 is not null : ipv6)
                .ToList();
            if (routes.Count > 0 || options.DefaultRoute)
            {
                await _routes.ApplyAsync(_tun.Name, serverAddress, routes, options.DefaultRoute && info.LocalIPv4 is not null, ipv6).ConfigureAwait(false);
            }

            if (info.DnsServers.Count > 0)
            {
                if (options.ConfigureDns)
                {
                    var dns = await _dns.ApplyAsync(_tun.Name, info.DnsServers, options.DefaultRoute).ConfigureAwait(false);
                    Log.Dns(log, dns.Message);
                }
                else
                {
                    Log.Dns(log, $"DNS servers offered (not configured, --no-dns): {string.Join(", ", info.DnsServers)}");
                }
            }

            _reader = new TunReader(_tun, this, DataPath.Headroom, $"tun {_tun.Name}");
            _reader.Start();
            _ready = true;
            Log.TunnelUp(log, _tun.Name, info.LocalIPv4, info.PeerIPv4, info.Mtu, string.Join(", ", info.DnsServers));
            Up?.Invoke(info);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or AggregateException)
        {
            Log.SetupFailed(log, e.Message);
            SetupFailure = e.Message;
            _driver?.Post(s => s.Close(_driver.Now));
        }
    }

    /// <summary>Why the local tunnel setup failed (TUN, routes, DNS), or null.</summary>
    public string? SetupFailure { get; private set; }

    /// <summary>
    /// IPv6 on the TUN (before it goes up): take the address the server's Router Advertisement offers even on a
    /// host that forwards (accept_ra 2), make interface ids without a MAC address (addr_gen_mode 3), and take no
    /// default route from the RA: routes through the tunnel are what --route and --default-route ask for, nothing
    /// more. A host without IPv6 has no such files; then there is nothing to tune.
    /// </summary>
    private static void TuneIpv6(string device)
    {
        foreach (var (key, value) in (ReadOnlySpan<(string, string)>)[("addr_gen_mode", "3"), ("accept_ra", "2"), ("accept_ra_defrtr", "0")])
        {
            try
            {
                File.WriteAllText($"/proc/sys/net/ipv6/conf/{device}/{key}", value);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // No IPv6 on this host, or not allowed: the tunnel still works for IPv4.
            }
        }
    }

    private static IPAddress LinkLocal(ulong interfaceId)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes[0] = 0xFE;
        bytes[1] = 0x80;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], interfaceId);
        return new IPAddress(bytes);
    }

    public byte[] AcquireBuffer() => ArrayPool<byte>.Shared.Rent(DataPath.Headroom + 4096);

    public void OnPacket(byte[] buffer, int length)
    {
        var driver = _driver;
        if (driver is not null)
        {
            var packet = buffer.AsSpan(DataPath.Headroom, length);
            int mtu = driver.Session.CurrentDataPath.Mtu;
            if (mtu >= 68 && length > 0)
            {
                MssClamp.ClampTcpMss(packet, MssClamp.MaxMssFor(mtu, (packet[0] >> 4) == 6));
            }

            if (driver.TrySendData(buffer, length))
            {
                return;
            }
        }

        ArrayPool<byte>.Shared.Return(buffer);
    }

    public void ReleaseBuffer(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

    public void OnStopped(Exception? error)
    {
        if (error is not null)
        {
            Log.SetupFailed(log, $"TUN reader stopped: {error.Message}");
        }
    }

    /// <summary>Removes the TUN device (and with it its addresses and routes).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_setup is not null)
        {
            try
            {
                await _setup.ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Already reported.
            }
        }

        _ready = false;
        _reader?.Dispose();
        try
        {
            await _dns.RestoreAsync().ConfigureAwait(false);
            await _routes.RestoreAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or AggregateException or InvalidOperationException)
        {
            Log.SetupFailed(log, $"could not undo all changes: {e.Message}");
        }

        _tun?.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(7001, LogLevel.Information, "Tunnel up on {Tun}: {Local} <-> {Peer}, MTU {Mtu}, DNS {Dns}")]
        public static partial void TunnelUp(ILogger logger, string tun, IPAddress? local, IPAddress? peer, int mtu, string dns);

        [LoggerMessage(7004, LogLevel.Information, "{Message}")]
        public static partial void Dns(ILogger logger, string message);

        [LoggerMessage(7002, LogLevel.Error, "Tunnel setup failed: {Error}")]
        public static partial void SetupFailed(ILogger logger, string error);
    }
}

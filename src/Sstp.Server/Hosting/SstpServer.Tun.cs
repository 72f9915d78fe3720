using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using Sstp.IO.Driving;
using Sstp.IO.Tun;
using Sstp.Protocol.Ip;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Session;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>The shared TUN device: setup, the reader that routes packets to sessions, and the way back.</summary>
public sealed partial class SstpServer
{
    private LinuxTunDevice? _tun;
    private TunReader? _tunReader;
    private NatConfigurator? _nat;
    private long _tunWriteErrors;

    private async Task StartTunAsync(CancellationToken cancellationToken)
    {
        _tun = LinuxTunDevice.Open(_options.Tunnel.Name, _options.Tunnel.Offload);
        var link = new LinkConfigurator();
        string name = _tun.Name;
        await link.SetMtuAsync(name, _options.Tunnel.Mtu, cancellationToken).ConfigureAwait(false);
        await link.AddAddressAsync(name, _pool4.Gateway, _options.Pool.Ipv4.PrefixLength, cancellationToken).ConfigureAwait(false);
        if (_pool6 is not null)
        {
            var server = ServerAddress(_pool6.ServerPrefix);
            await link.AddAddressAsync(name, server, _pool6.Prefix.PrefixLength, cancellationToken).ConfigureAwait(false);
        }

        await link.SetStateAsync(name, up: true, cancellationToken).ConfigureAwait(false);
        if (_options.Tunnel.Nat)
        {
            _nat = new NatConfigurator(name);
            await _nat.EnableAsync(_options.Pool.Ipv4, _options.Pool.Ipv6, cancellationToken).ConfigureAwait(false);
            ServerLog.Nat(_log, $"masquerading {_options.Pool.Ipv4} leaving by any interface but {name} (table {_nat.TableName})");
        }

        _tunReader = new TunReader(_tun, new TunSink(this), DataPath.Headroom, $"tun {name}");
        _tunReader.Start();
    }

    private async Task StopTunAsync()
    {
        _tunReader?.Dispose();
        _tunReader = null;
        if (_nat is not null)
        {
            await _nat.DisableAsync().ConfigureAwait(false);
            ServerLog.Nat(_log, $"removed table {_nat.TableName}");
            _nat = null;
        }

        _tun?.Dispose();
        _tun = null;
    }

    /// <summary>The server's address inside its own /64 (…::1).</summary>
    private static IPAddress ServerAddress(IPNetwork serverPrefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        serverPrefix.BaseAddress.TryWriteBytes(bytes, out _);
        bytes[15] = 1;
        return new IPAddress(bytes);
    }

    /// <summary>An IP packet from a client: check its source, clamp the MSS, write it to the TUN device.</summary>
    private void ForwardToTun(SessionDriver driver, ServerSessionState state, Span<byte> packet, PppProtocol protocol)
    {
        int mtu = Math.Min(_options.Tunnel.Mtu, driver.Session.CurrentDataPath.Mtu);
        if (protocol == PppProtocol.IPv4)
        {
            if (!IpPacket.TryGetIPv4Source(packet, out uint source)
                || ((state.IPv4 is null || source != ToUInt32(state.IPv4)) && !IsRoutedSourceIPv4(driver, state, source)))
            {
                CountSpoofed(state, packet, ipv6: false);
                return;
            }

            MssClamp.ClampTcpMss(packet, MssClamp.MaxMssFor(mtu, ipv6: false));
        }
        else
        {
            if (RouterSolicitation.IsRouterSolicitation(packet))
            {
                AdvertiseRouterIfNeeded(driver, state, solicited: true);
                return;
            }

            if (!IpPacket.TryGetIPv6Source(packet, out var source6)
                || ((state.IPv6Prefix is not { } prefix || (ulong)(source6 >> 64) != UpperHalf(prefix.BaseAddress))
                    && !IsRoutedSourceIPv6(driver, state, source6)))
            {
                // Link-local traffic other than router solicitations stays on the PPP link.
                CountSpoofed(state, packet, ipv6: true);
                return;
            }

            MssClamp.ClampTcpMss(packet, MssClamp.MaxMssFor(mtu, ipv6: true));
        }

        if (!state.Rate.AllowUp(packet.Length, RateClock))
        {
            // Over the user's upload rate: policed (dropped and counted), see SessionRateLimiter.
            return;
        }

        WriteCoalesced(packet);
    }

    private void CountSpoofed(ServerSessionState state, ReadOnlySpan<byte> packet, bool ipv6)
    {
        if (++state.Spoofed == 1)
        {
            string source = ipv6 && IpPacket.TryGetIPv6Source(packet, out var s6) ? FormatIPv6(s6)
                : IpPacket.TryGetIPv4Source(packet, out uint s4) ? new IPAddress(BinaryPrimitives.ReverseEndianness(s4)).ToString() : "?";
            ServerLog.Spoofed(_log, state.Id, source);
        }
    }

    private static string FormatIPv6(UInt128 address)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, address);
        return new IPAddress(bytes).ToString();
    }

    /// <summary>Sends a Router Advertisement with the client's /64 once IPv6 is up, and in answer to a solicitation.</summary>
    private void AdvertiseRouterIfNeeded(SessionDriver driver, ServerSessionState state, bool solicited)
    {
        var session = driver.Session;
        if (state.IPv6Prefix is not { } prefix || !session.CurrentDataPath.Ipv6 || session.Ipv6cp is null
            || (!solicited && state.RouterAdvertised))
        {
            return;
        }

        var dns = _options.Pool.Dns.Where(d => d.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6).ToList();
        var buffer = ArrayPool<byte>.Shared.Rent(DataPath.Headroom + RouterAdvertisement.GetEncodedLength(dns.Count));
        Span<byte> prefixBytes = stackalloc byte[16];
        prefix.BaseAddress.TryWriteBytes(prefixBytes, out _);
        int length = RouterAdvertisement.Write(
            buffer.AsSpan(DataPath.Headroom),
            ServerInterfaceId,
            session.Ipv6cp.PeerInterfaceId,
            BinaryPrimitives.ReadUInt128BigEndian(prefixBytes),
            Math.Max(RouterAdvertisement.MinMtu, Math.Min(_options.Tunnel.Mtu, session.CurrentDataPath.Mtu)),
            dns,
            routerLifetime: TimeSpan.FromMinutes(30),
            validLifetime: TimeSpan.FromDays(1),
            preferredLifetime: TimeSpan.FromHours(4),
            solicited: solicited);
        if (driver.TrySendData(buffer, length))
        {
            state.RouterAdvertised = true;
        }
        else
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes an ICMP Fragmentation Needed / Packet Too Big for <paramref name="packet"/> into the TUN device. The
    /// error comes from the client's address (the far end of the link that is too small): an error whose source
    /// is one of this host's own addresses would be dropped by the kernel as a martian when it comes back in.
    /// </summary>
    private void SendTooBig(ReadOnlySpan<byte> packet, int mtu)
    {
        Span<byte> error = stackalloc byte[Icmp.MaxIPv6ErrorLength];
        int length = 0;
        if ((packet[0] >> 4) == 4 && IpPacket.TryGetIPv4Destination(packet, out uint client))
        {
            length = Icmp.WriteFragmentationNeeded(error, packet, client, mtu);
        }
        else if ((packet[0] >> 4) == 6 && mtu >= RouterAdvertisement.MinMtu && IpPacket.TryGetIPv6Destination(packet, out var client6))
        {
            length = Icmp.WritePacketTooBig(error, packet, client6, mtu);
        }

        if (length > 0)
        {
            try
            {
                _tun?.Write(error[..length]);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                Interlocked.Increment(ref _tunWriteErrors);
            }
        }
    }

    /// <summary>Receives packets from the TUN reader thread and hands each to the session its destination belongs to.</summary>
    private sealed class TunSink(SstpServer server) : ITunPacketSink
    {
        public byte[] AcquireBuffer() => ArrayPool<byte>.Shared.Rent(DataPath.Headroom + 4096);

        public void OnPacket(byte[] buffer, int length)
        {
            var packet = buffer.AsSpan(DataPath.Headroom, length);
            // A session's own /32 or /64 first, then the prefixes RADIUS routed to a session (longest match).
            if (server._router.TryRoute(packet, out var driver) || server._prefixRoutes.TryRoute(packet, out driver))
            {
                int peerMtu = driver.Session.CurrentDataPath.Mtu;
                if (peerMtu >= 68 && length > peerMtu)
                {
                    // The client's MRU is below our TUN MTU: tell the sender (PMTUD) instead of dropping silently.
                    server.SendTooBig(packet, peerMtu);
                    ArrayPool<byte>.Shared.Return(buffer);
                    return;
                }

                if (!((ServerSessionState)driver.HostState!).Rate.AllowDown(length, server.RateClock))
                {
                    // Over the user's download rate: dropped and counted (policing, no queue).
                    ArrayPool<byte>.Shared.Return(buffer);
                    return;
                }

                int mtu = Math.Min(server._options.Tunnel.Mtu, peerMtu);
                if (mtu >= 68)
                {
                    MssClamp.ClampTcpMss(packet, MssClamp.MaxMssFor(mtu, ipv6: (packet[0] >> 4) == 6));
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
                ServerLog.TunFailed(server._log, server._options.Tunnel.Name, error.Message);
                server._tunFailed.Cancel();
            }
        }
    }
}

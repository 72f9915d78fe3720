using System.Buffers;
using System.Net;
using System.Text;
using Sstp.IO.Driving;
using Sstp.Protocol.Ip;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Session;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>The server's answers to one session: credentials, addresses, packets for the TUN device, logs.</summary>
public sealed partial class SstpServer
{
    /// <summary>The interface identifier of the server's end of every PPP link (fe80::1).</summary>
    private const ulong ServerInterfaceId = 1;

    private sealed class SessionHost(SstpServer server, Action authenticated) : ISessionHost
    {
        public void OnEvent(SessionDriver driver, SessionEvent sessionEvent)
        {
            var state = (ServerSessionState)driver.HostState!;
            var session = (ServerSession)driver.Session;
            switch (sessionEvent)
            {
                case SessionEvent.AuthenticationRequested request when server.RadiusEnabled:
                    server.AuthenticateWithRadius(driver, state, request.Request);
                    break;
                case SessionEvent.AuthenticationRequested request:
                    session.CompleteAuthentication(server.Authenticate(state, request.Request), driver.Now);
                    break;
                case SessionEvent.AddressesRequested requested:
                    authenticated();
                    session.AssignAddresses(server.AssignAddresses(driver, state, requested.UserName), driver.Now);
                    break;
                case SessionEvent.TunnelUp up:
                    // Data flows only from here on, so this is the moment to choose how it is written.
                    driver.MergeWrites = WriteMergingPolicy.ShouldMerge(server._options.Tunnel.WriteMerging, session.Request?.CorrelationId);
                    server.LogUp(state, session, up.Info);
                    server.AdvertiseRouterIfNeeded(driver, state, solicited: false);
                    server.OnTunnelUpRadius(driver, state);
                    break;
                case SessionEvent.DataPathChanged:
                    server.AdvertiseRouterIfNeeded(driver, state, solicited: false);
                    break;
                case SessionEvent.Closed closed:
                    server.LogClosed(driver, state, session, closed);
                    server.OnClosedRadius(driver, state, closed.Reason);
                    break;
            }
        }

        public void OnPacket(SessionDriver driver, Span<byte> packet, PppProtocol protocol) =>
            server.ForwardToTun(driver, (ServerSessionState)driver.HostState!, packet, protocol);
    }

    private AuthDecision Authenticate(ServerSessionState state, AuthRequest request)
    {
        string user = request switch
        {
            PapRequest r => r.User,
            ChapMd5Request r => r.User,
            MsChapV2Request r => r.User,
            _ => string.Empty,
        };
        string method = request.GetType().Name.Replace("Request", string.Empty, StringComparison.Ordinal);
        if (!_users.TryGet(user, out var record))
        {
            ServerLog.AuthFailed(_log, state.Id, user, state.Peer, method, "no such user");
            return AuthDecision.Reject();
        }


        AuthDecision decision;
        switch (request)
        {
            case MsChapV2Request r:
                decision = MsChapV2Verifier.Verify(record.NtHash.Span, r);
                break;
            case PapRequest r:
                decision = PapMatches(record, r.Password) ? AuthDecision.Accept() : AuthDecision.Reject();
                break;
            case ChapMd5Request r when record.ClearPassword is { } clear:
                decision = ChapMd5Verifier.Verify(clear, r);
                break;
            case ChapMd5Request:
                ServerLog.AuthFailed(_log, state.Id, user, state.Peer, method, "CHAP-MD5 needs the clear password: add the user with 'sstp user add --chap'");
                return AuthDecision.Reject();
            default:
                ServerLog.AuthFailed(_log, state.Id, user, state.Peer, method, "EAP pass-through needs RADIUS");
                return AuthDecision.Reject();
        }

        if (decision.Kind != AuthDecisionKind.Accept)
        {
            ServerLog.AuthFailed(_log, state.Id, user, state.Peer, method, "wrong password");
            return decision;
        }

        state.User = record.Name;
        if (!TryCountUser(record.Name))
        {
            ServerLog.UserRefused(_log, state.Id, record.Name, $"already has {_options.Limits.MaxSessionsPerUser} session(s), the per-user limit");
            return AuthDecision.Reject("Too many sessions for this user", errorCode: 649);
        }

        state.CountedForUser = true;
        return decision;
    }

    /// <summary>Counts one more session for <paramref name="user"/> unless that would pass the per-user limit (atomically).</summary>
    private bool TryCountUser(string user)
    {
        int limit = _options.Limits.MaxSessionsPerUser;
        lock (_perUser)
        {
            int current = _perUser.GetValueOrDefault(user);
            if (limit > 0 && current >= limit)
            {
                return false;
            }

            _perUser[user] = current + 1;
            return true;
        }
    }

    private static bool PapMatches(Users.UserRecord record, byte[] password)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(password.Length));
        try
        {
            int n = Encoding.UTF8.GetChars(password, chars);
            return record.MatchesPassword(chars.AsSpan(0, n));
        }
        finally
        {
            Array.Clear(chars);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private SessionAddresses AssignAddresses(SessionDriver driver, ServerSessionState state, string user)
    {
        string name = state.User ?? user;
        IPAddress? v4 = null;
        if (state.Authorization?.FramedIpAddress is { } framed && !IsPoolChoice(framed))
        {
            // RADIUS chose the address (RFC 2865 §5.8). It must not collide with a pool lease or another session.
            if (!_pool4.IsAllocated(framed) && _router.TryAddIPv4(ToUInt32(framed), driver))
            {
                v4 = framed;
                state.IPv4 = framed;
                if (!_options.Pool.Ipv4.Contains(framed))
                {
                    state.ExtraRoute = true;
                    _ = AddHostRouteAsync(framed);
                }
            }
            else
            {
                ServerLog.UserRefused(_log, state.Id, name, $"RADIUS Framed-IP-Address {framed} is in use");
            }
        }
        else if (_pool4.TryAllocate(name, out var allocated))
        {
            if (_router.TryAddIPv4(ToUInt32(allocated), driver))
            {
                v4 = allocated;
                state.IPv4 = allocated;
                state.IPv4FromPool = true;
            }
            else
            {
                _pool4.Release(allocated);
            }
        }

        if (_pool6 is not null && _pool6.TryAllocate(name, out var prefix))
        {
            if (_router.TryAddIPv6Prefix(UpperHalf(prefix.BaseAddress), driver))
            {
                state.IPv6Prefix = prefix;
            }
            else
            {
                _pool6.Release(prefix);
            }
        }

        if (v4 is null)
        {
            ServerLog.UserRefused(_log, state.Id, name, "no IPv4 address left in the pool");
        }

        return new SessionAddresses
        {
            LocalIPv4 = _pool4.Gateway,
            PeerIPv4 = v4,
            // RADIUS may name the DNS servers (MS-Primary/Secondary-DNS-Server); otherwise the configured ones.
            DnsServers = (state.Authorization?.DnsServers is { Count: > 0 } radiusDns ? radiusDns : _options.Pool.Dns)
                .Where(d => d.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork).Take(2).ToList(),
            NbnsServers = state.Authorization?.NbnsServers.Take(2).ToList() ?? [],
            LocalInterfaceId = ServerInterfaceId,
        };
    }

    /// <summary>255.255.255.254 (NAS assigns) and 255.255.255.255 (user picks) leave the choice to the pool.</summary>
    private static bool IsPoolChoice(IPAddress framed) =>
        framed.Equals(IPAddress.Parse("255.255.255.254")) || framed.Equals(IPAddress.Broadcast);

    private async Task AddHostRouteAsync(IPAddress address)
    {
        try
        {
            await new IO.Tun.LinkConfigurator().AddRouteAsync(_options.Tunnel.Name, address, 32).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            ServerLog.TunFailed(_log, _options.Tunnel.Name, $"route to {address}: {e.Message}");
        }
    }

    private async Task RemoveHostRouteAsync(IPAddress address)
    {
        try
        {
            await new IO.Tun.LinkConfigurator().DeleteRouteAsync(_options.Tunnel.Name, address, 32).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The route went with the device, or was removed already.
        }
    }

    private void LogUp(ServerSessionState state, ServerSession session, TunnelInfo info) =>
        ServerLog.SessionUp(
            _log,
            state.Id,
            info.UserName,
            state.Peer,
            info.PeerIPv4,
            state.IPv6Prefix is { } p ? $" {p}" : string.Empty,
            info.Method?.ToString() ?? "none",
            state.Tls.Protocol.ToString(),
            state.Tls.CipherSuite.ToString(),
            info.BindingHash.ToString(),
            info.BindingResult?.ToString() ?? "unchecked",
            info.Mtu,
            session.Request?.CorrelationId ?? "-");

    private void LogClosed(SessionDriver driver, ServerSessionState state, ServerSession session, SessionEvent.Closed closed)
    {
        string user = state.User ?? session.AuthenticatedUser ?? "-";
        if (closed.Reason == DisconnectReason.HttpRequestRefused)
        {
            ServerLog.HttpRefused(_log, state.Id, state.Peer, closed.Detail, session.Request?.CorrelationId ?? "-");
        }

        if (!closed.Reason.IsNormal())
        {
            ServerLog.SessionFailed(_log, state.Id, closed.Reason.ToString(), closed.Detail, user, state.Peer, closed.Reason.WindowsErrorCode());
        }

        var traffic = driver.Traffic;
        ServerLog.SessionClosed(
            _log,
            state.Id,
            closed.Reason.ToString(),
            closed.Detail,
            user,
            state.Peer,
            (_time.GetUtcNow() - state.Started).TotalSeconds,
            traffic.BytesIn,
            traffic.PacketsIn,
            traffic.BytesOut,
            traffic.PacketsOut,
            traffic.DroppedOut,
            closed.Reason.WindowsErrorCode());
    }
}

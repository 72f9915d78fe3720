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
                    server.MetricsAuthenticated(driver, state);
                    server.ApplyRate(state);
                    SessionAddresses? addresses;
                    string? refusal;
                    lock (server._addressLock)
                    {
                        addresses = server.AssignAddresses(driver, state, requested.UserName, out refusal);
                    }

                    if (addresses is not null)
                    {
                        session.AssignAddresses(addresses, driver.Now);
                    }
                    else
                    {
                        session.Refuse(DisconnectReason.NoAddressAvailable, refusal ?? "no address", driver.Now);
                    }

                    break;
                case SessionEvent.TunnelUp up:
                    // Data flows only from here on, so this is the moment to choose how it is written.
                    driver.MergeWrites = WriteMergingPolicy.ShouldMerge(server._options.Tunnel.WriteMerging, session.Request?.CorrelationId);
                    state.CorrelationId = session.Request?.CorrelationId;
                    server.LogUp(state, session, up.Info);
                    server.MetricsTunnelUp(driver, state);
                    server.ApplyFramedRoutes(driver, state);
                    server.AdvertiseRouterIfNeeded(driver, state, solicited: false);
                    server.OnTunnelUpRadius(driver, state);
                    break;
                case SessionEvent.DataPathChanged:
                    server.AdvertiseRouterIfNeeded(driver, state, solicited: false);
                    break;
                case SessionEvent.Closed closed:
                    server.OnClosedProtection(state, session, closed);
                    server.LogClosed(driver, state, session, closed);
                    server.MetricsClosed(driver, state, closed.Reason);
                    server.OnClosedRadius(driver, state, closed.Reason);
                    break;
            }
        }

        public void OnPacket(SessionDriver driver, Span<byte> packet, PppProtocol protocol) =>
            server.ForwardToTun(driver, (ServerSessionState)driver.HostState!, packet, protocol);

        public void OnBatchEnd(SessionDriver driver) => server.FlushCoalesced();
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
        state.LogContext.User = user.Length > 0 ? user : null;
        if (!_users.TryGet(user, out var record))
        {
            ServerLog.AuthFailed(_log, state.Id, user, state.Peer, method, "no such user", AuthFailedError);
            RecordAuthFailure(state, user);
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
                ServerLog.AuthFailed(_log, state.Id, user, state.Peer, method, "CHAP-MD5 needs the clear password: add the user with 'sstp user add --chap'", AuthFailedError);
                return AuthDecision.Reject();
            default:
                ServerLog.AuthFailed(_log, state.Id, user, state.Peer, method, "EAP pass-through needs RADIUS", AuthFailedError);
                return AuthDecision.Reject();
        }

        if (decision.Kind != AuthDecisionKind.Accept)
        {
            ServerLog.AuthFailed(_log, state.Id, user, state.Peer, method, "wrong password", AuthFailedError);
            RecordAuthFailure(state, user);
            return decision;
        }

        state.User = record.Name;
        state.LogContext.User = record.Name;
        state.UserRate = record.Rate;
        if (!TryCountUser(record.Name))
        {
            ServerLog.UserRefused(_log, state.Id, record.Name, $"already has {_options.Limits.MaxSessionsPerUser} session(s), the per-user limit", PerUserLimitError(request));
            return AuthDecision.Reject("Too many sessions for this user", errorCode: PerUserLimitMsChapError);
        }

        state.CountedForUser = true;
        return decision;
    }

    /// <summary>The Windows error a client shows for a rejected login: 691, access denied (bad user name or password).</summary>
    private static int AuthFailedError => DisconnectReason.AuthenticationFailed.WindowsErrorCode();

    /// <summary>The Windows error a client shows when no address could be given: 720, no PPP control protocol configured.</summary>
    private static int NoAddressError => DisconnectReason.NoAddressAvailable.WindowsErrorCode();

    /// <summary>The MS-CHAP failure code sent for the per-user limit: 649, the account may not dial in.</summary>
    private const int PerUserLimitMsChapError = 649;

    /// <summary>
    /// The Windows error a client shows when the per-user limit refuses it: MS-CHAPv2 (also inside EAP) carries
    /// 649 in its failure packet; PAP and CHAP-MD5 have no code, so the client shows 691.
    /// </summary>
    private static int PerUserLimitError(AuthRequest request) =>
        request is PapRequest or ChapMd5Request ? AuthFailedError : PerUserLimitMsChapError;

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

    private void LogUp(ServerSessionState state, ServerSession session, TunnelInfo info) =>
        ServerLog.SessionUp(
            _log,
            state.Id,
            info.UserName,
            state.Peer,
            info.PeerIPv4,
            state.IPv6Prefix is { } p ? $" {p}" : string.Empty,
            info.Method?.ToString() ?? "none",
            state.TlsProtocol,
            state.TlsCipher,
            info.BindingHash.ToString(),
            info.BindingResult?.ToString() ?? "unchecked",
            info.Mtu,
            session.Request?.CorrelationId ?? "-",
            state.Rate.Current.ToString());

    private void LogClosed(SessionDriver driver, ServerSessionState state, ServerSession session, SessionEvent.Closed closed)
    {
        // For a failed login, the name that was tried (the session context has it), so the line says whose login failed.
        string user = state.User ?? session.AuthenticatedUser ?? state.LogContext.User ?? "-";
        if (closed.Reason == DisconnectReason.HttpRequestRefused)
        {
            ServerLog.HttpRefused(_log, state.Id, state.Peer, closed.Detail, session.Request?.CorrelationId ?? "-", closed.Reason.WindowsErrorCode());
        }

        LogBindingMismatch(state, session, closed);
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
            state.Rate.Current.ToString(),
            state.Rate.DroppedUp,
            state.Rate.DroppedDown,
            closed.Reason.WindowsErrorCode());
    }
}

using System.Buffers;
using Sstp.Protocol.Http;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Ppp.Ipcp;
using Sstp.Protocol.Ppp.Ipv6cp;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Primitives;
using Sstp.Protocol.Sstp;

namespace Sstp.Protocol.Session;

/// <summary>
/// The server end of one SSTP connection: reads the <c>SSTP_DUPLEX_POST</c> request, answers 200, runs SSTP
/// as the server and PPP as the authenticator, and asks the host to verify credentials and assign addresses.
/// See <see cref="SstpSession"/> for the driving contract.
/// </summary>
public sealed class ServerSession : SstpSession
{
    private readonly ServerSessionSettings _settings;
    private readonly DateTimeOffset _httpDate;
    private bool _awaitingAddresses;

    /// <summary>Creates a session for a connection whose TLS handshake just finished.</summary>
    /// <param name="settings">Protocol settings.</param>
    /// <param name="random">Cryptographic randomness (nonces, challenges, magic numbers).</param>
    /// <param name="now">The current monotonic time (starts the HTTP request timer).</param>
    /// <param name="httpDate">Wall-clock time for the <c>Date</c> header of the 200 response.</param>
    public ServerSession(ServerSessionSettings settings, IRandomSource random, TimeSpan now, DateTimeOffset httpDate)
        : base(new SstpServerStateMachine(Validate(settings).Sstp, random), settings.Lcp, PppRole.Server, random)
    {
        _settings = settings;
        _httpDate = httpDate;
        HandshakeDeadline = now + settings.HttpRequestTimeout;
    }

    /// <summary>The parsed HTTP request (for the log: correlation id, host), once it arrived.</summary>
    public SstpHttpRequest? Request { get; private set; }

    /// <summary>Why the HTTP request was refused, or <see cref="HttpRefusal.None"/>.</summary>
    public HttpRefusal HttpRefusal { get; private set; }

    /// <inheritdoc/>
    private protected override (DisconnectReason Reason, string Detail) HandshakeTimeout => (DisconnectReason.HttpRequestRefused, "no complete HTTP request in time");

    /// <summary>
    /// The host's verdict on <see cref="SessionEvent.AuthenticationRequested"/> (from local users or RADIUS).
    /// Ignored when no verdict is pending.
    /// </summary>
    public void CompleteAuthentication(AuthDecision decision, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (IsClosed || Auth is not Authenticator { Status: AuthStatus.AwaitingHost } authenticator)
        {
            return;
        }

        authenticator.Complete(decision, now);
        Pump(now);
    }

    /// <summary>
    /// The host's answer to <see cref="SessionEvent.AddressesRequested"/>: starts IPCP (when an IPv4 address is
    /// given) and IPv6CP (when enabled). With neither, the session ends with
    /// <see cref="DisconnectReason.NoAddressAvailable"/>. Ignored when no answer is pending.
    /// </summary>
    public void AssignAddresses(SessionAddresses addresses, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (IsClosed || !_awaitingAddresses)
        {
            return;
        }

        _awaitingAddresses = false;
        if (addresses.PeerIPv4 is null && !_settings.EnableIpv6)
        {
            Shutdown(DisconnectReason.NoAddressAvailable, "no IPv4 address could be assigned", now);
            return;
        }

        var ipcp = addresses.PeerIPv4 is null ? null : new IpcpSettings
        {
            LocalAddress = addresses.LocalIPv4,
            PeerAddress = addresses.PeerIPv4,
            DnsServers = addresses.DnsServers,
            NbnsServers = addresses.NbnsServers,
            Negotiation = _settings.NcpNegotiation,
        };
        var ipv6cp = _settings.EnableIpv6
            ? new Ipv6cpSettings { InterfaceId = addresses.LocalInterfaceId, Negotiation = _settings.NcpNegotiation }
            : null;
        StartNetwork(ipcp, ipv6cp, now);
    }

    /// <summary>The host refuses to serve this user after all (limits): the session ends with that reason.</summary>
    public void Refuse(DisconnectReason reason, string detail, TimeSpan now) => Shutdown(reason, detail, now);

    /// <inheritdoc/>
    private protected override ReceiveResult ReceiveHandshake(ReadOnlySpan<byte> input, TimeSpan now)
    {
        var status = HttpRequestParser.TryParse(input, out var request, out int consumed, out var refusal);
        if (status == OperationStatus.NeedMoreData)
        {
            return new ReceiveResult(ReceiveStatus.NeedMoreData, 0);
        }

        Request = request;
        if (status != OperationStatus.Done)
        {
            HttpRefusal = refusal;
            Span<byte> reply = stackalloc byte[HttpResponseWriter.MaxErrorLength];
            Send(reply[..HttpResponseWriter.WriteError(reply, refusal)]);
            Fail(DisconnectReason.HttpRequestRefused, $"HTTP request refused: {refusal.Describe()}");
            RaiseClosed();
            return new ReceiveResult(ReceiveStatus.Closed, input.Length);
        }

        Span<byte> ok = stackalloc byte[HttpResponseWriter.OkLength];
        Send(ok[..HttpResponseWriter.WriteOk(ok, _httpDate)]);
        StartSstp(now);
        return new ReceiveResult(ReceiveStatus.Handled, consumed);
    }

    /// <inheritdoc/>
    private protected override AuthMachine? CreateAuthMachine(AuthProtocolOption? agreed)
    {
        var settings = _settings.Authenticator;
        return agreed switch
        {
            { Protocol: PppProtocol.Pap } => new PapAuthenticator(settings, Random),
            { Protocol: PppProtocol.Chap, Algorithm: AuthProtocolOption.ChapAlgorithmMd5 } => new ChapMd5Authenticator(settings, Random),
            { Protocol: PppProtocol.Chap, Algorithm: AuthProtocolOption.ChapAlgorithmMsChapV2 } => new MsChapV2Authenticator(settings, Random),
            { Protocol: PppProtocol.Eap } => new EapAuthenticator(settings, Random),
            _ => null,
        };
    }

    /// <inheritdoc/>
    private protected override void OnAuthenticated(AuthOutcome outcome, TimeSpan now)
    {
        _awaitingAddresses = true;
        Raise(new SessionEvent.AddressesRequested(outcome.UserName, outcome.Method));
    }

    /// <inheritdoc/>
    private protected override string TunnelUserName => AuthenticatedUser ?? string.Empty;

    private static ServerSessionSettings Validate(ServerSessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings;
    }
}

using System.Buffers;
using Sstp.Protocol.Http;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Ppp.Ipv6cp;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Primitives;
using Sstp.Protocol.Sstp;

namespace Sstp.Protocol.Session;

/// <summary>
/// The client end of one SSTP connection: sends the <c>SSTP_DUPLEX_POST</c> request, checks the 200 answer,
/// runs SSTP as the client (crypto binding after authentication) and PPP as the authenticating peer.
/// See <see cref="SstpSession"/> for the driving contract.
/// </summary>
public sealed class ClientSession : SstpSession
{
    private readonly ClientSessionSettings _settings;

    /// <summary>Creates the session and queues the HTTP request; call right after the TLS handshake.</summary>
    /// <param name="settings">Protocol settings, credentials and the server certificate hashes seen in TLS.</param>
    /// <param name="random">Cryptographic randomness.</param>
    /// <param name="now">The current monotonic time (starts the response timer).</param>
    public ClientSession(ClientSessionSettings settings, IRandomSource random, TimeSpan now)
        : base(new SstpClientStateMachine(Validate(settings).Sstp, random), settings.Lcp, PppRole.Client, random)
    {
        _settings = settings;
        CorrelationId = settings.CorrelationId ?? NewCorrelationId(random);
        HandshakeDeadline = now + settings.HttpResponseTimeout;
        Span<byte> request = stackalloc byte[HttpRequestWriter.GetLength(settings.Host, CorrelationId)];
        Send(request[..HttpRequestWriter.Write(request, settings.Host, CorrelationId)]);
    }

    /// <summary>The SSTPCORRELATIONID sent to the server (the server logs it; useful to match log lines).</summary>
    public string CorrelationId { get; }

    /// <summary>The server's HTTP answer, once it arrived.</summary>
    public HttpResponseInfo? Response { get; private set; }

    /// <inheritdoc/>
    private protected override (DisconnectReason Reason, string Detail) HandshakeTimeout => (DisconnectReason.HttpResponseRefused, "no HTTP answer from the server in time");

    /// <inheritdoc/>
    private protected override ReceiveResult ReceiveHandshake(ReadOnlySpan<byte> input, TimeSpan now)
    {
        var status = HttpResponseParser.TryParse(input, out var response, out int consumed, out var error);
        if (status == OperationStatus.NeedMoreData)
        {
            return new ReceiveResult(ReceiveStatus.NeedMoreData, 0);
        }

        Response = response;
        if (status != OperationStatus.Done)
        {
            string detail = error == HttpResponseError.Status
                ? $"the server answered HTTP {response.StatusCode} instead of 200"
                : $"bad HTTP answer from the server: {error}";
            Fail(DisconnectReason.HttpResponseRefused, detail);
            RaiseClosed();
            return new ReceiveResult(ReceiveStatus.Closed, input.Length);
        }

        StartSstp(now);
        return new ReceiveResult(ReceiveStatus.Handled, consumed);
    }

    /// <inheritdoc/>
    private protected override AuthMachine? CreateAuthMachine(AuthProtocolOption? agreed)
    {
        var credentials = _settings.Credentials;
        return agreed switch
        {
            { Protocol: PppProtocol.Pap } => new PapPeer(credentials, Random),
            { Protocol: PppProtocol.Chap, Algorithm: AuthProtocolOption.ChapAlgorithmMd5 } => new ChapPeer(credentials, Random, ChapAlgorithm.Md5),
            { Protocol: PppProtocol.Chap, Algorithm: AuthProtocolOption.ChapAlgorithmMsChapV2 } => new ChapPeer(credentials, Random, ChapAlgorithm.MsChapV2),
            { Protocol: PppProtocol.Eap } => new EapPeer(credentials, Random),
            _ => null,
        };
    }

    /// <inheritdoc/>
    private protected override void OnCredentialsReceived(AuthRequest request)
    {
        // A peer never asks its host to verify anything.
    }

    /// <inheritdoc/>
    private protected override void OnAuthenticated(AuthOutcome outcome, TimeSpan now)
    {
        var ipcp = _settings.Ipcp with { Negotiation = _settings.NcpNegotiation };
        var ipv6cp = _settings.EnableIpv6 ? new Ipv6cpSettings { Negotiation = _settings.NcpNegotiation } : null;
        StartNetwork(ipcp, ipv6cp, now);
    }

    /// <inheritdoc/>
    private protected override string TunnelUserName => AuthenticatedUser is { Length: > 0 } user ? user : _settings.Credentials.User;

    /// <summary>A fresh braced GUID string from the session's random source (version-4 layout).</summary>
    private static string NewCorrelationId(IRandomSource random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.Fill(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("B").ToUpperInvariant();
    }

    private static ClientSessionSettings Validate(ClientSessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings;
    }
}

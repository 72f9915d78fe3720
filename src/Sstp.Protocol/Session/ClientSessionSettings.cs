using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Ppp.Ipcp;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.Protocol.Sstp;

namespace Sstp.Protocol.Session;

/// <summary>Everything a <see cref="ClientSession"/> needs. Immutable.</summary>
public sealed record ClientSessionSettings
{
    /// <summary>The server name for the HTTP <c>Host</c> header (no port).</summary>
    public required string Host { get; init; }

    /// <summary>Our credentials for PAP, CHAP or EAP.</summary>
    public required AuthPeerSettings Credentials { get; init; }

    /// <summary>
    /// The SSTPCORRELATIONID to send, in braced GUID form; null draws a fresh one from the session's random
    /// source [MS-SSTP §3.2.4.1].
    /// </summary>
    public string? CorrelationId { get; init; }

    /// <summary>SSTP: supported hashes, the server certificate's hashes seen in TLS, timers.</summary>
    public SstpClientSettings Sstp { get; init; } = new();

    /// <summary>
    /// LCP: our MRU and the authentication protocols we accept, best first. EAP is not in the default list:
    /// SoftEther offers EAP first, wants EAP-TLS, and Protocol-Rejects EAP when we ask for EAP-MSCHAPv2, so a
    /// client must Nak EAP towards MS-CHAPv2 there (INTEROP.md §6, §11); configure EAP where a server needs it.
    /// </summary>
    public LcpSettings Lcp { get; init; } = new()
    {
        AuthProtocols = [AuthProtocolOption.MsChapV2, AuthProtocolOption.ChapMd5, AuthProtocolOption.Pap],
    };

    /// <summary>IPCP: whether to ask for DNS servers, a wanted address.</summary>
    public IpcpSettings Ipcp { get; init; } = new();

    /// <summary>IPv6CP timers and counters.</summary>
    public NegotiationSettings NcpNegotiation { get; init; } = NegotiationSettings.Default;

    /// <summary>Run IPv6CP (default true).</summary>
    public bool EnableIpv6 { get; init; } = true;

    /// <summary>How long to wait for the server's HTTP answer (60 s, [MS-SSTP §4.1]).</summary>
    public TimeSpan HttpResponseTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

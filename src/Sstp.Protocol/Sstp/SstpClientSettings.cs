namespace Sstp.Protocol.Sstp;

/// <summary>Settings of <see cref="SstpClientStateMachine"/>; defaults are the spec's (SSTP.md §6).</summary>
public sealed record SstpClientSettings
{
    /// <summary>Hash protocols we can bind with; SHA-256 is chosen whenever the server allows it.</summary>
    public CertHashProtocol SupportedHashes { get; init; } = CertHashProtocol.Sha1 | CertHashProtocol.Sha256;

    /// <summary>SHA-1 (20 bytes) of the DER leaf certificate the server presented in TLS.</summary>
    public ReadOnlyMemory<byte> ServerCertHashSha1 { get; init; }

    /// <summary>SHA-256 (32 bytes) of the DER leaf certificate the server presented in TLS.</summary>
    public ReadOnlyMemory<byte> ServerCertHashSha256 { get; init; }

    /// <summary>Negotiation timer for CALL_CONNECT_ACK and again for PPP authentication [MS-SSTP §3.2.2.1].</summary>
    public TimeSpan NegotiationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Hello timer: idle time before an ECHO_REQUEST, and silence after it before closing [§3.1.2.3].</summary>
    public TimeSpan HelloInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>TIMER_VAL_ABORT_STATE_TIMER_1 [MS-SSTP §3.1.2.1].</summary>
    public TimeSpan AbortTimeout1 { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>TIMER_VAL_ABORT_STATE_TIMER_2 [MS-SSTP §3.1.2.1].</summary>
    public TimeSpan AbortTimeout2 { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>TIMER_VAL_DISCONNECT_STATE_TIMER_1 [MS-SSTP §3.1.2.2].</summary>
    public TimeSpan DisconnectTimeout1 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>TIMER_VAL_DISCONNECT_STATE_TIMER_2 [MS-SSTP §3.1.2.2].</summary>
    public TimeSpan DisconnectTimeout2 { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>CALL_CONNECT_REQUEST resends after a NAK; one more NAK aborts (0x06) (Windows: 3, note &lt;10&gt;).</summary>
    public int MaxConnectRetries { get; init; } = 3;
}

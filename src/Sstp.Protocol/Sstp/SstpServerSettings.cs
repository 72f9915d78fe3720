namespace Sstp.Protocol.Sstp;

/// <summary>Settings of <see cref="SstpServerStateMachine"/>; defaults are the spec's (SSTP.md §6).</summary>
public sealed record SstpServerSettings
{
    /// <summary>Hash bitmask sent in CALL_CONNECT_ACK (0x03 works with every client).</summary>
    public CertHashProtocol OfferedHashes { get; init; } = CertHashProtocol.Sha1 | CertHashProtocol.Sha256;

    /// <summary>SHA-1 hashes (20 bytes) of the DER leaf certificate(s) clients may see; any one matches.</summary>
    public IReadOnlyList<byte[]> CertHashesSha1 { get; init; } = [];

    /// <summary>SHA-256 hashes (32 bytes) of the DER leaf certificate(s) clients may see; any one matches.</summary>
    public IReadOnlyList<byte[]> CertHashesSha256 { get; init; } = [];

    /// <summary>Whether CALL_CONNECTED is verified and enforced.</summary>
    public CryptoBindingPolicy CryptoBindingPolicy { get; init; } = CryptoBindingPolicy.Enforce;

    /// <summary>Negotiation timer, for CALL_CONNECT_REQUEST and again for CALL_CONNECTED [MS-SSTP §3.3.2.1].</summary>
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

    /// <summary>NAKs sent for bad CALL_CONNECT_REQUESTs; the next bad one is aborted (0x06) (Windows, accel: 3).</summary>
    public int MaxNakCount { get; init; } = 3;
}

namespace Sstp.Protocol.Sstp;

/// <summary>How the server treats the crypto binding in CALL_CONNECTED (SSTP.md §8.7, INTEROP.md §10).</summary>
public enum CryptoBindingPolicy
{
    /// <summary>Verify; on failure abort the call (the spec's behaviour).</summary>
    Enforce = 0,

    /// <summary>Verify and report the result, but let the call proceed (RADIUS back-ends without MPPE keys).</summary>
    LogOnly,

    /// <summary>Do not verify at all (SoftEther's behaviour; no MITM protection).</summary>
    Off,
}

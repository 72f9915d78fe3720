namespace Sstp.Protocol.Radius;

/// <summary>What a vendor attribute is to <see cref="RadiusRateLimit"/>.</summary>
public enum RateAttributeKind
{
    /// <summary>Not a rate attribute.</summary>
    Other,

    /// <summary>A rate attribute with a malformed value.</summary>
    Invalid,

    /// <summary>WISPr-Bandwidth-Max-Up or -Down.</summary>
    Wispr,

    /// <summary>Mikrotik-Rate-Limit.</summary>
    Mikrotik,
}

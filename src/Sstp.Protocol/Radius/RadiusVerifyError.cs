namespace Sstp.Protocol.Radius;

/// <summary>Why <see cref="RadiusAuthenticator"/> refused a packet's authenticators.</summary>
public enum RadiusVerifyError
{
    /// <summary>Both authenticators are good.</summary>
    None,

    /// <summary>The packet failed <see cref="RadiusPacket.TryRead"/>.</summary>
    Malformed,

    /// <summary>The Authenticator field does not match (RFC 2865 §3, RFC 2866 §3, RFC 5176 §2.3).</summary>
    BadAuthenticator,

    /// <summary>Message-Authenticator is required here but absent (RFC 3579 §3.2; BlastRADIUS, AUTH.md §7.1).</summary>
    MissingMessageAuthenticator,

    /// <summary>Message-Authenticator is not 16 octets, or appears more than once (RFC 2869 §5.14).</summary>
    MalformedMessageAuthenticator,

    /// <summary>The Message-Authenticator HMAC does not match (RFC 2869 §5.14).</summary>
    BadMessageAuthenticator,
}

namespace Sstp.Protocol.Ppp;

/// <summary>Why <see cref="PppFrame.TryRead(ReadOnlySpan{byte}, out ushort, out ReadOnlySpan{byte}, out PppFrameError)"/> refused a frame.</summary>
public enum PppFrameError
{
    /// <summary>The frame was read.</summary>
    None = 0,

    /// <summary>Nothing, or only half a 2-byte Protocol field, follows the optional <c>FF 03</c> (RFC 1661 §2).</summary>
    MissingProtocol = 1,

    /// <summary>The Protocol field has an even first and an even second octet (RFC 1661 §2 forbids it).</summary>
    InvalidProtocol = 2,

    /// <summary>The frame starts with Address 0xFF but the Control field is not 0x03 (RFC 1662 §3.1).</summary>
    InvalidAddressControl = 3,
}

using Sstp.Protocol.Radius;

namespace Sstp.Server.Aaa;

/// <summary>
/// Writes the answer to a Disconnect- or CoA-Request [RFC 5176 §2.3, §3.6; RFC 2865 §5.33; AUTH.md §7.7]:
/// <code>
/// Code(1) = 41 Disconnect-ACK | 42 Disconnect-NAK | 44 CoA-ACK | 45 CoA-NAK
/// Identifier(1) = the request's   Length(2)
/// Response Authenticator(16) = MD5(Code ‖ Identifier ‖ Length ‖ Request Authenticator ‖ Attributes ‖ Secret)
/// Attributes: Proxy-State(33)* copied in order from the request
///             Error-Cause(101) = 4-octet value            (NAKs)
///             Message-Authenticator(80)                   (when the request carried one)
/// </code>
/// </summary>
internal static class DasResponseWriter
{
    /// <summary>Room kept for Error-Cause (6 octets) and Message-Authenticator (18 octets).</summary>
    private const int TrailerReserve = 6 + 2 + Sstp.Protocol.Radius.RadiusAuthenticator.MessageAuthenticatorLength;

    /// <summary>
    /// Writes and signs the answer to <paramref name="request"/> into <paramref name="destination"/>
    /// (at least <see cref="RadiusPacket.MaxLength"/> octets) and returns its length.
    /// </summary>
    /// <param name="request">The verified request.</param>
    /// <param name="cause">Null for an ACK; the Error-Cause of a NAK otherwise.</param>
    /// <param name="secret">The client's shared secret.</param>
    /// <param name="destination">Where the answer goes.</param>
    public static int Write(RadiusPacketView request, DasErrorCause? cause, ReadOnlySpan<byte> secret, Span<byte> destination)
    {
        var code = (request.Code, cause) switch
        {
            (RadiusCode.DisconnectRequest, null) => RadiusCode.DisconnectAck,
            (RadiusCode.DisconnectRequest, _) => RadiusCode.DisconnectNak,
            (_, null) => RadiusCode.CoAAck,
            _ => RadiusCode.CoANak,
        };

        var writer = new RadiusPacketWriter(destination, code, request.Identifier, request.Authenticator);
        bool messageAuthenticator = false;
        foreach (var attribute in request.Attributes)
        {
            if (attribute.Type == RadiusAttributeType.MessageAuthenticator)
            {
                messageAuthenticator = true;
            }
            else if (attribute.Type == DasRequestReader.ProxyState && writer.Remaining >= 2 + attribute.Value.Length + TrailerReserve)
            {
                // RFC 2865 §5.33: Proxy-State MUST be copied unmodified and in order into the response.
                writer.Add(attribute.Type, attribute.Value);
            }
        }

        if (cause is { } value)
        {
            writer.AddUInt32(RadiusAttributeType.ErrorCause, (uint)value);
        }

        if (messageAuthenticator)
        {
            writer.AddMessageAuthenticator();
        }

        int length = writer.Finish();
        Sstp.Protocol.Radius.RadiusAuthenticator.SignResponse(destination[..length], request.Authenticator, secret);
        return length;
    }
}

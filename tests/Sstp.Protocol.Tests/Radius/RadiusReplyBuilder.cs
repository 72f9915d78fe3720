using Sstp.Protocol.Radius;

namespace Sstp.Protocol.Tests.Radius;

/// <summary>Adds attributes to a reply under construction.</summary>
internal delegate void AttributeFiller(ref RadiusPacketWriter writer);

/// <summary>Builds signed replies the way a RADIUS server would (the fake back-end of these tests).</summary>
internal static class RadiusReplyBuilder
{
    /// <summary>A reply with Message-Authenticator first, signed against the request's authenticator.</summary>
    public static byte[] Reply(RadiusCode code, byte identifier, ReadOnlySpan<byte> requestAuthenticator, byte[] secret, AttributeFiller? fill = null, bool messageAuthenticator = true)
    {
        var buffer = new byte[RadiusPacket.MaxLength];
        var writer = new RadiusPacketWriter(buffer, code, identifier, new byte[16]);
        if (messageAuthenticator)
        {
            writer.AddMessageAuthenticator();
        }

        fill?.Invoke(ref writer);
        int length = writer.Finish();
        RadiusAuthenticator.SignResponse(buffer.AsSpan(0, length), requestAuthenticator, secret);
        return buffer[..length];
    }
}

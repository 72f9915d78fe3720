using System.Buffers.Binary;
using Sstp.Protocol.Radius;

namespace Sstp.IO.Tests.Radius;

/// <summary>Requests for the client tests, built with the core writer and signed.</summary>
internal static class RadiusRequests
{
    /// <summary>An Access-Request with Message-Authenticator first and a User-Name.</summary>
    public static byte[] Access(byte[] secret, byte identifier, string user = "alice")
    {
        var buffer = new byte[RadiusPacket.MaxLength];
        var authenticator = new byte[16];
        Random.Shared.NextBytes(authenticator);
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessRequest, identifier, authenticator);
        writer.AddMessageAuthenticator();
        writer.AddString(RadiusAttributeType.UserName, user);
        int length = writer.Finish();
        RadiusAuthenticator.SignAccessRequest(buffer.AsSpan(0, length), secret);
        return buffer[..length];
    }

    /// <summary>An Accounting-Request Start with Acct-Delay-Time 0.</summary>
    public static byte[] Accounting(byte[] secret, byte identifier)
    {
        var buffer = new byte[RadiusPacket.MaxLength];
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccountingRequest, identifier, new byte[16]);
        writer.AddUInt32(RadiusAttributeType.AcctStatusType, 1);
        writer.AddString(RadiusAttributeType.AcctSessionId, "s-1");
        writer.AddUInt32(RadiusAttributeType.AcctDelayTime, 0);
        int length = writer.Finish();
        RadiusAuthenticator.SignRequest(buffer.AsSpan(0, length), secret);
        return buffer[..length];
    }

    /// <summary>The Acct-Delay-Time of an Accounting-Request.</summary>
    public static uint AcctDelayTime(byte[] packet)
    {
        Assert.Equal(System.Buffers.OperationStatus.Done, RadiusPacket.TryRead(packet, out var view, out _));
        Assert.True(view.TryGetAttribute(RadiusAttributeType.AcctDelayTime, out var value));
        return BinaryPrimitives.ReadUInt32BigEndian(value);
    }
}

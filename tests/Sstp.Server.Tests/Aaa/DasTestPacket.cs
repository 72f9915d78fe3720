using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Sstp.Server.Tests.Aaa;

/// <summary>
/// Builds and checks RFC 5176 packets by hand with the BCL's MD5/HMAC-MD5, independently of the codec under
/// test (AUTH.md §7.7: request authenticator = MD5 over the packet with 16 zero octets, then the secret;
/// response authenticator = MD5 over the answer with the request's authenticator, then the secret).
/// </summary>
internal static class DasTestPacket
{
    public const byte UserName = 1, NasIpAddress = 4, ServiceType = 6, FramedIpAddress = 8, FilterId = 11, ReplyMessage = 18,
        State = 24, VendorSpecific = 26, SessionTimeout = 27, IdleTimeout = 28, CallingStationId = 31, NasIdentifier = 32, ProxyState = 33,
        AcctSessionId = 44, AcctTerminateCause = 49, EventTimestamp = 55, NasPortType = 61, MessageAuthenticator = 80, ErrorCause = 101;

    public static (byte Type, byte[] Value) Text(byte type, string value) => (type, Encoding.UTF8.GetBytes(value));

    public static (byte Type, byte[] Value) Integer(byte type, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return (type, bytes);
    }

    public static (byte Type, byte[] Value) Raw(byte type, params byte[] value) => (type, value);

    /// <summary>A signed request; with <paramref name="messageAuthenticator"/> a Message-Authenticator goes last.</summary>
    public static byte[] Request(byte code, byte identifier, byte[] secret, bool messageAuthenticator, params (byte Type, byte[] Value)[] attributes)
    {
        var list = attributes.ToList();
        if (messageAuthenticator)
        {
            list.Add((MessageAuthenticator, new byte[16]));
        }

        var packet = Assemble(code, identifier, new byte[16], list);
        if (messageAuthenticator)
        {
            // RFC 5176 §3.5 / RFC 2869 §5.14: HMAC-MD5 over the packet with the authenticator and the MAC zeroed.
            HmacMd5(secret, packet).CopyTo(packet, packet.Length - 16);
        }

        Md5([.. packet, .. secret]).CopyTo(packet, 4);
        return packet;
    }

    public static byte[] Request(byte code, byte identifier, byte[] secret, params (byte Type, byte[] Value)[] attributes) =>
        Request(code, identifier, secret, false, attributes);

    /// <summary>Asserts the answer's Response Authenticator (and Message-Authenticator when present).</summary>
    public static void AssertSigned(byte[] answer, byte[] request, byte[] secret)
    {
        Assert.True(answer.Length >= 20);
        Assert.Equal(answer.Length, BinaryPrimitives.ReadUInt16BigEndian(answer.AsSpan(2)));
        var copy = answer.ToArray();
        request.AsSpan(4, 16).CopyTo(copy.AsSpan(4));
        var expected = Md5([.. copy, .. secret]);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(answer, 4, 16));

        int mac = FindValue(answer, MessageAuthenticator);
        if (mac >= 0)
        {
            var zeroed = copy.ToArray();
            Array.Clear(zeroed, mac, 16);
            Assert.Equal(Convert.ToHexString(HmacMd5(secret, zeroed)), Convert.ToHexString(answer, mac, 16));
        }
    }

    /// <summary>The reference MD5.</summary>
    [SuppressMessage("Security", "CA5351", Justification = "RADIUS (RFC 2865 §3, RFC 5176 §2.3) fixes MD5; this is the test's reference computation.")]
    public static byte[] Md5(byte[] data) => MD5.HashData(data);

    /// <summary>The reference HMAC-MD5 (RFC 2869 §5.14).</summary>
    [SuppressMessage("Security", "CA5351", Justification = "Message-Authenticator is HMAC-MD5 by definition (RFC 2869 §5.14); this is the test's reference computation.")]
    public static byte[] HmacMd5(byte[] key, byte[] data) => HMACMD5.HashData(key, data);

    /// <summary>The attributes of a packet in order.</summary>
    public static List<(byte Type, byte[] Value)> Attributes(byte[] packet)
    {
        var list = new List<(byte, byte[])>();
        for (int i = 20; i + 2 <= packet.Length && packet[i + 1] >= 2;)
        {
            list.Add((packet[i], packet[(i + 2)..(i + packet[i + 1])]));
            i += packet[i + 1];
        }

        return list;
    }

    /// <summary>The Error-Cause value, or null when absent.</summary>
    public static uint? ErrorCauseOf(byte[] packet)
    {
        int at = FindValue(packet, ErrorCause);
        return at < 0 ? null : BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(at));
    }

    private static int FindValue(byte[] packet, byte type)
    {
        for (int i = 20; i + 2 <= packet.Length && packet[i + 1] >= 2; i += packet[i + 1])
        {
            if (packet[i] == type)
            {
                return i + 2;
            }
        }

        return -1;
    }

    private static byte[] Assemble(byte code, byte identifier, byte[] authenticator, List<(byte Type, byte[] Value)> attributes)
    {
        var bytes = new List<byte> { code, identifier, 0, 0 };
        bytes.AddRange(authenticator);
        foreach (var (type, value) in attributes)
        {
            bytes.Add(type);
            bytes.Add((byte)(value.Length + 2));
            bytes.AddRange(value);
        }

        var packet = bytes.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        return packet;
    }
}

using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Sstp.Protocol.Tests.Radius;

/// <summary>
/// Independent RADIUS computations for the tests, written straight from the RFC formulas with
/// System.Security.Cryptography (the code under test uses BouncyCastle and in-place spans).
/// </summary>
internal static class RadiusReference
{
    /// <summary>MD5 of the concatenation of <paramref name="parts"/>.</summary>
    [SuppressMessage("Security", "CA5351", Justification = "RADIUS (RFC 2865 §3) fixes MD5; this is the test's reference computation.")]
    public static byte[] Md5(params byte[][] parts) => MD5.HashData(parts.SelectMany(p => p).ToArray());

    /// <summary>RFC 2865 §3: MD5(Code ‖ Id ‖ Length ‖ RequestAuth ‖ Attributes ‖ Secret).</summary>
    public static byte[] ResponseAuthenticator(byte[] packet, byte[] requestAuthenticator, byte[] secret) =>
        Md5(packet[..4], requestAuthenticator, packet[20..], secret);

    /// <summary>RFC 2869 §5.14: HMAC-MD5 over the packet with the given authenticator and the MA value zeroed.</summary>
    [SuppressMessage("Security", "CA5351", Justification = "RFC 2869 §5.14 fixes HMAC-MD5; this is the test's reference computation.")]
    public static byte[] MessageAuthenticator(byte[] packet, byte[] authenticatorInField, byte[] secret)
    {
        var copy = (byte[])packet.Clone();
        authenticatorInField.CopyTo(copy, 4);
        int offset = FindValue(copy, 80);
        Array.Clear(copy, offset, 16);
        return HMACMD5.HashData(secret, copy);
    }

    /// <summary>Offset of the value of the first attribute of <paramref name="type"/>, or −1.</summary>
    public static int FindValue(byte[] packet, byte type)
    {
        int length = BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2));
        for (int i = 20; i + 2 <= length; i += packet[i + 1])
        {
            if (packet[i] == type)
            {
                return i + 2;
            }

            if (packet[i + 1] < 2)
            {
                break;
            }
        }

        return -1;
    }

    /// <summary>The (type, value) pairs of a packet in order.</summary>
    public static List<(byte Type, byte[] Value)> Attributes(byte[] packet)
    {
        var list = new List<(byte, byte[])>();
        for (int i = 20; i < packet.Length; i += packet[i + 1])
        {
            list.Add((packet[i], packet[(i + 2)..(i + packet[i + 1])]));
        }

        return list;
    }
}

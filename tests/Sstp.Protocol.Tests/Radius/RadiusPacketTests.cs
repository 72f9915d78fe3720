using System.Buffers;
using System.Net;
using CsCheck;
using Sstp.Protocol.Radius;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Radius;

public class RadiusPacketTests
{
    private static readonly byte[] Authenticator = Hex.Parse("00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F");

    [Fact]
    public void TryRead_AccessAccept_FieldsAndAttributes()
    {
        // RFC 2865 §3 header + Reply-Message "ok" + Microsoft VSA MS-Primary-DNS-Server 10.0.0.1 (RFC 2548 §2.6.1).
        var bytes = Hex.Parse("02 07 00 24 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F | 12 04 6F 6B | 1A 0C 00 00 01 37 1C 06 0A 00 00 01");
        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(bytes, out var packet, out var error));
        Assert.Equal(RadiusParseError.None, error);
        Assert.Equal(RadiusCode.AccessAccept, packet.Code);
        Assert.Equal(7, packet.Identifier);
        Assert.Equal(36, packet.Length);
        Assert.Equal(Authenticator, packet.Authenticator.ToArray());
        Assert.True(packet.TryGetAttribute(RadiusAttributeType.ReplyMessage, out var reply));
        Assert.Equal("ok"u8.ToArray(), reply.ToArray());
        Assert.True(packet.TryGetMicrosoftAttribute(MicrosoftAttributeType.MsPrimaryDnsServer, out var dns));
        Assert.Equal(Hex.Parse("0A 00 00 01"), dns.ToArray());
        Assert.False(packet.TryGetAttribute(RadiusAttributeType.State, out _));
    }

    [Fact]
    public void TryRead_TrailingPadding_IgnoredAndTrimmed()
    {
        // RFC 2865 §3: octets outside the range of the Length field are treated as padding and ignored.
        var bytes = Hex.Parse("05 01 00 14 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F FF FF FF");
        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(bytes, out var packet, out _));
        Assert.Equal(20, packet.Bytes.Length);
        Assert.True(packet.AttributeBytes.IsEmpty);
    }

    [Theory]
    // RFC 2865 §3 / §5 / §5.26, RFC 2548 §2: the rule each malformed packet breaks.
    [InlineData("02 07 00", OperationStatus.NeedMoreData, RadiusParseError.Truncated)]
    [InlineData("02 07 00 18 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F", OperationStatus.NeedMoreData, RadiusParseError.Truncated)]
    [InlineData("02 07 00 13 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F", OperationStatus.InvalidData, RadiusParseError.BadLength)]
    [InlineData("02 07 10 01 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F", OperationStatus.InvalidData, RadiusParseError.BadLength)]
    [InlineData("02 07 00 16 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 12 01", OperationStatus.InvalidData, RadiusParseError.AttributeTooShort)]
    [InlineData("02 07 00 16 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 12 00", OperationStatus.InvalidData, RadiusParseError.AttributeTooShort)]
    [InlineData("02 07 00 17 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 12 05 6F", OperationStatus.InvalidData, RadiusParseError.AttributeOverrun)]
    [InlineData("02 07 00 15 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 12", OperationStatus.InvalidData, RadiusParseError.AttributeOverrun)]
    [InlineData("02 07 00 19 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 1A 05 00 00 01", OperationStatus.InvalidData, RadiusParseError.VendorAttributeTooShort)]
    [InlineData("02 07 00 1A 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 1A 06 00 00 01 37", OperationStatus.InvalidData, RadiusParseError.VendorAttributeOverrun)]
    [InlineData("02 07 00 1C 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 1A 08 00 00 01 37 1C 06", OperationStatus.InvalidData, RadiusParseError.VendorAttributeOverrun)]
    [InlineData("02 07 00 1C 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 1A 08 00 00 01 37 1C 01", OperationStatus.InvalidData, RadiusParseError.VendorAttributeOverrun)]
    [InlineData("02 07 00 1B 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 1A 07 00 00 01 37 1C", OperationStatus.InvalidData, RadiusParseError.VendorAttributeOverrun)]
    public void TryRead_Malformed_ExactError(string hex, OperationStatus status, RadiusParseError expected)
    {
        Assert.Equal(status, RadiusPacket.TryRead(Hex.Parse(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryRead_OtherVendorWithOwnLayout_Accepted()
    {
        // RFC 2865 §5.26 only recommends the sub-attribute layout; a non-Microsoft vendor's data is not checked.
        var bytes = Hex.Parse("02 07 00 1B 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 1A 07 00 00 00 09 FF");
        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(bytes, out var packet, out _));
        int count = 0;
        foreach (var vsa in packet.GetVendorAttributes(null))
        {
            count++;
        }

        Assert.Equal(0, count);
    }

    [Fact]
    public void TryRead_EveryPrefix_NeedsMoreData()
    {
        // Split input: a packet cut anywhere before its Length is never accepted.
        var bytes = BuildSample();
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Equal(OperationStatus.NeedMoreData, RadiusPacket.TryRead(bytes.AsSpan(0, cut), out _, out var error));
            Assert.Equal(RadiusParseError.Truncated, error);
        }

        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(bytes, out var packet, out _));
        Assert.Equal(bytes.Length, packet.Length);
    }

    [Fact]
    public void RandomBytes_NeverThrow_AndLengthWithinInput()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            if (RadiusPacket.TryRead(bytes, out var packet, out _) == OperationStatus.Done)
            {
                Assert.True(packet.Length <= bytes.Length);
                foreach (var attribute in packet.Attributes)
                {
                    Assert.True(attribute.Value.Length <= 253);
                }

                foreach (var vsa in packet.GetVendorAttributes(null))
                {
                    Assert.True(vsa.Value.Length <= 247);
                }

                _ = packet.GetEapMessage();
            }
        });
    }

    [Fact]
    public void RandomAttributeArea_WithValidHeader_NeverThrows()
    {
        Gen.Byte.Array[0, 300].Sample(attributes =>
        {
            var bytes = new byte[20 + attributes.Length];
            bytes[0] = 2;
            bytes[2] = (byte)(bytes.Length >> 8);
            bytes[3] = (byte)bytes.Length;
            attributes.CopyTo(bytes, 20);
            var status = RadiusPacket.TryRead(bytes, out var packet, out var error);
            Assert.Equal(status == OperationStatus.Done, error == RadiusParseError.None);
            if (status == OperationStatus.Done)
            {
                _ = RadiusAuthorization.From(packet);
            }
        });
    }

    [Fact]
    public void Writer_ThenRead_RoundTrips()
    {
        var gen = Gen.Select(Gen.Byte, Gen.Byte.Array[16], Gen.Select(Gen.Byte[1, 255], Gen.Byte.Array[0, 253]).List[0, 12]);
        gen.Sample((id, authenticator, attributes) =>
        {
            var buffer = new byte[RadiusPacket.MaxLength];
            var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessChallenge, id, authenticator);
            foreach (var (type, value) in attributes)
            {
                if (type == (byte)RadiusAttributeType.VendorSpecific)
                {
                    writer.AddVendorSpecific(9, 1, value.AsSpan(0, Math.Min(value.Length, 247)));
                }
                else
                {
                    writer.Add((RadiusAttributeType)type, value);
                }
            }

            int length = writer.Finish();
            Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(buffer.AsSpan(0, length), out var packet, out _));
            Assert.Equal(RadiusCode.AccessChallenge, packet.Code);
            Assert.Equal(id, packet.Identifier);
            Assert.Equal(authenticator, packet.Authenticator.ToArray());
            int index = 0;
            foreach (var attribute in packet.Attributes)
            {
                var (type, value) = attributes[index++];
                Assert.Equal(type, (byte)attribute.Type);
                if (type != (byte)RadiusAttributeType.VendorSpecific)
                {
                    Assert.Equal(value, attribute.Value.ToArray());
                }
            }

            Assert.Equal(attributes.Count, index);
        });
    }

    [Fact]
    public void Writer_TypedValues_EncodeAsRfc()
    {
        var buffer = new byte[200];
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessRequest, 1, Authenticator);
        writer.AddString(RadiusAttributeType.UserName, "bob");
        writer.AddUInt32(RadiusAttributeType.NasPort, 0x01020304);
        writer.AddIPv4(RadiusAttributeType.NasIpAddress, IPAddress.Parse("192.0.2.1"));
        writer.AddIPv6(RadiusAttributeType.FramedIpv6Address, IPAddress.Parse("2001:db8::1"));
        writer.AddIPv6Prefix(RadiusAttributeType.FramedIpv6Prefix, IPAddress.Parse("2001:db8:1:2ff::"), 60);
        writer.AddMicrosoft(MicrosoftAttributeType.MsPrimaryDnsServer, [10, 0, 0, 1]);
        int length = writer.Finish();
        var expected = Hex.Parse("01 01 00 4F 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F"
            + "01 05 62 6F 62 | 05 06 01 02 03 04 | 04 06 C0 00 02 01"
            + "| A8 12 20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 01"
            + "| 61 0C 00 3C 20 01 0D B8 00 01 02 F0" // RFC 3162 §2.3: 8 octets for /60, bits past 60 cleared
            + "| 1A 0C 00 00 01 37 1C 06 0A 00 00 01");
        Assert.Equal(expected, buffer[..length]);
    }

    [Fact]
    public void Ipv6Prefix_WriteThenRead_RoundTrips()
    {
        Gen.Select(Gen.Byte.Array[16], Gen.Int[0, 128]).Sample((address, prefixLength) =>
        {
            var buffer = new byte[64];
            var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessAccept, 0, Authenticator);
            writer.AddIPv6Prefix(RadiusAttributeType.DelegatedIpv6Prefix, new IPAddress(address), prefixLength);
            int length = writer.Finish();
            Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(buffer.AsSpan(0, length), out var packet, out _));
            Assert.True(packet.TryGetAttribute(RadiusAttributeType.DelegatedIpv6Prefix, out var value));
            Assert.True(RadiusIpv6Prefix.TryRead(value, out var prefix));
            Assert.Equal(prefixLength, prefix!.Length);
            var bytes = prefix.Prefix.GetAddressBytes();
            for (int bit = 0; bit < 128; bit++)
            {
                int expected = bit < prefixLength ? (address[bit / 8] >> (7 - (bit % 8))) & 1 : 0;
                Assert.Equal(expected, (bytes[bit / 8] >> (7 - (bit % 8))) & 1);
            }
        });
    }

    [Theory]
    [InlineData("00")] // no Prefix-Length
    [InlineData("00 81")] // > 128
    [InlineData("00 40 20 01 0D B8")] // /64 needs 8 octets
    [InlineData("00 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")] // 19 octets
    public void Ipv6Prefix_Malformed_Refused(string hex) => Assert.False(RadiusIpv6Prefix.TryRead(Hex.Parse(hex), out _));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(253, 1)]
    [InlineData(254, 2)]
    [InlineData(506, 2)]
    [InlineData(1020, 5)]
    public void AddEapMessage_SplitsInto253OctetChunks_InOrder(int eapLength, int chunks)
    {
        // RFC 3579 §3.1 / AUTH.md §7.3: EAP-Message pieces of at most 253 octets, concatenated in order.
        var eap = new byte[eapLength];
        new SeededRandom(eapLength).Fill(eap);
        var buffer = new byte[RadiusPacket.MaxLength];
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessRequest, 3, Authenticator);
        writer.AddEapMessage(eap);
        int length = writer.Finish();
        Assert.Equal(20 + RadiusPacketWriter.GetEapMessageLength(eapLength), length);
        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(buffer.AsSpan(0, length), out var packet, out _));
        Assert.Equal(chunks, packet.CountAttributes(RadiusAttributeType.EapMessage));
        Assert.Equal(eap, packet.GetEapMessage());
    }

    [Fact]
    public void Writer_NeverExceeds4096_ThrowsWithNothingWritten()
    {
        var buffer = new byte[8000];
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessRequest, 3, Authenticator);
        var value = new byte[253];
        while (writer.Remaining >= 255)
        {
            writer.Add(RadiusAttributeType.Class, value);
        }

        int before = writer.Length;
        bool threw = false;
        try
        {
            writer.Add(RadiusAttributeType.Class, value);
        }
        catch (ArgumentException)
        {
            threw = true;
        }

        Assert.True(threw);
        Assert.Equal(before, writer.Length);
        Assert.True(writer.Finish() <= RadiusPacket.MaxLength);
    }

    [Fact]
    public void Writer_ValueOver253_Throws()
    {
        var buffer = new byte[400];
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessRequest, 3, Authenticator);
            writer.Add(RadiusAttributeType.Class, new byte[254]);
        });
    }

    private static byte[] BuildSample()
    {
        var buffer = new byte[200];
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccessAccept, 9, Authenticator);
        writer.AddString(RadiusAttributeType.ReplyMessage, "hello");
        writer.AddMicrosoft(MicrosoftAttributeType.MsPrimaryDnsServer, [10, 0, 0, 1]);
        return buffer[..writer.Finish()];
    }
}

using System.Buffers;
using System.Buffers.Binary;
using CsCheck;
using Sstp.Protocol.Sstp;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Sstp;

public class SstpControlMessageTests
{
    private const string TwoStatusNak =
        "10 01 00 22 00 03 00 02 00 02 00 0E 00 00 00 01 00 00 00 04 00 02 00 02 00 0C 00 00 00 01 00 00 00 0A";

    private static readonly byte[] Nonce = Hex.Parse(SstpTestData.NonceA);

    // SSTP.md §4.4 byte templates, one row per writer.
    public static TheoryData<string, string> Templates => new()
    {
        { "CallConnectRequest", SstpTestData.ConnectRequest },
        { "CallConnectAck", SstpTestData.AckA },
        { "CallConnectNak", TwoStatusNak },
        { "CallConnected", SstpTestData.CallConnectedA },
        { "CallAbort", "10 01 00 14 00 05 00 01 00 02 00 0C 00 00 00 03 00 00 00 04" },
        { "CallDisconnect", SstpTestData.Disconnect },
        { "CallDisconnectAck", SstpTestData.DisconnectAck },
        { "EchoRequest", SstpTestData.EchoRequest },
        { "EchoResponse", SstpTestData.EchoResponse },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void Write_EachMessage_MatchesTemplateAnd16BitLength(string message, string expected)
    {
        var buffer = new byte[200];
        int n = Write(message, buffer);
        Assert.Equal(SstpMachineHarness.Norm(expected), Hex.Format(buffer.AsSpan(0, n)));
        Assert.Equal(n, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)));
        Assert.Equal(OperationStatus.Done, SstpControlMessage.TryParse(buffer.AsSpan(0, n), out var view, out _));
        Assert.Equal(message, view.MessageType.ToString());
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_ParseThenWriteFromAccessors_SameBytes(string message, string hex)
    {
        var bytes = Hex.Parse(hex);
        Assert.Equal(OperationStatus.Done, SstpControlMessage.TryParse(bytes, out var view, out _));
        var buffer = new byte[200];
        int n = message switch
        {
            "CallConnectAck" when view.TryGetCryptoBindingRequest(out var mask, out var nonce) =>
                SstpControlMessage.WriteCallConnectAck(buffer, mask, nonce),
            "CallConnected" when view.TryGetCryptoBinding(out var hash, out var nonce, out var cert, out var mac) =>
                SstpControlMessage.WriteCallConnected(buffer, hash, nonce, cert, mac),
            "CallAbort" when view.TryGetStatusInfo(out var id, out var status, out _) =>
                SstpControlMessage.WriteCallAbort(buffer, id, status),
            "CallConnectNak" => SstpControlMessage.WriteCallConnectNak(buffer, NakInfos(view)),
            _ => Write(message, buffer),
        };
        Assert.Equal(Hex.Format(bytes), Hex.Format(buffer.AsSpan(0, n)));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Write_DestinationTooSmall_Throws(string message, string expected)
    {
        var buffer = new byte[Hex.Parse(expected).Length - 1];
        Assert.Throws<ArgumentException>(() => Write(message, buffer));
    }

    [Fact]
    public void TryParse_ConnectAck_TypedAccessor()
    {
        Assert.Equal(OperationStatus.Done, SstpControlMessage.TryParse(Hex.Parse(SstpTestData.AckB), out var view, out _));
        Assert.Equal(1, view.AttributeCount);
        Assert.True(view.TryGetCryptoBindingRequest(out var bitmask, out var nonce));
        Assert.Equal(CertHashProtocol.Sha1, bitmask);
        Assert.Equal(Hex.Parse(SstpTestData.NonceB), nonce.ToArray());
        Assert.False(view.TryGetCryptoBinding(out _, out _, out _, out _));
    }

    [Fact]
    public void TryParse_CallConnectedSha1_AccessorCutsPadding()
    {
        Assert.Equal(OperationStatus.Done, SstpControlMessage.TryParse(Hex.Parse(SstpTestData.CallConnectedB), out var view, out _));
        Assert.True(view.TryGetCryptoBinding(out var hash, out var nonce, out var cert, out var mac));
        Assert.Equal(CertHashProtocol.Sha1, hash);
        Assert.Equal(Hex.Parse(SstpTestData.NonceB), nonce.ToArray());
        Assert.Equal(Hex.Parse(SstpTestData.CertB), cert.ToArray());
        Assert.Equal(Hex.Parse(SstpTestData.MacB), mac.ToArray());
    }

    [Fact]
    public void TryParse_NakWithTwoStatusInfos_EnumeratesBoth()
    {
        var bytes = Hex.Parse(TwoStatusNak);
        Assert.Equal(OperationStatus.Done, SstpControlMessage.TryParse(bytes, out var view, out _));
        var ids = new List<(SstpAttributeId, int)>();
        foreach (var attribute in view.Attributes)
        {
            ids.Add((attribute.Id, attribute.Length));
        }

        Assert.Equal([(SstpAttributeId.StatusInfo, 14), (SstpAttributeId.StatusInfo, 12)], ids);
        Assert.True(view.TryGetStatusInfo(out var attributeId, out var status, out var value));
        Assert.Equal((SstpAttributeId.EncapsulatedProtocolId, SstpStatus.ValueNotSupported), (attributeId, status));
        Assert.Equal(new byte[] { 0, 2 }, value.ToArray());
    }

    [Theory]
    [InlineData(SstpTestData.AbortBare)]
    [InlineData(SstpTestData.DisconnectBare)]
    public void TryParse_AbortOrDisconnectWithoutStatusInfo_Done(string hex)
    {
        // SSTP.md §4.5: SoftEther and OSC send these with 0 attributes.
        Assert.Equal(OperationStatus.Done, SstpControlMessage.TryParse(Hex.Parse(hex), out var view, out _));
        Assert.Equal(0, view.AttributeCount);
        Assert.False(view.TryGetStatusInfo(out _, out _, out _));
    }

    [Fact]
    public void TryParse_StatusInfoWithValue_ExposesValue()
    {
        var bytes = Hex.Parse("10 01 00 16 00 05 00 01 00 02 00 0E 00 00 00 03 00 00 00 04 AB CD");
        Assert.Equal(OperationStatus.Done, SstpControlMessage.TryParse(bytes, out var view, out _));
        Assert.True(view.TryGetStatusInfo(out var id, out var status, out var value));
        Assert.Equal((SstpAttributeId.CryptoBinding, SstpStatus.ValueNotSupported), (id, status));
        Assert.Equal(new byte[] { 0xAB, 0xCD }, value.ToArray());
    }

    // SSTP.md §4.5 negative table: each malformed control message and the exact rule it breaks.
    [Theory]
    [InlineData("", SstpParseError.LengthMismatch)]
    [InlineData("11 01 00 08 00 08 00 00", SstpParseError.BadVersion)]
    [InlineData("10 00 00 08 00 08 00 00", SstpParseError.NotControlPacket)]
    [InlineData("10 01 00 03", SstpParseError.LengthTooSmall)]
    [InlineData("10 01 00 06 00 08", SstpParseError.ControlLengthTooSmall)]
    [InlineData("10 01 00 09 00 08 00 00", SstpParseError.LengthMismatch)]
    [InlineData("10 01 00 08 00 08 00 00 00", SstpParseError.LengthMismatch)]
    [InlineData("10 01 00 0A 00 01 00 01 00 01", SstpParseError.AttributeTruncated)]
    [InlineData("10 01 00 0C 00 01 00 01 00 01 00 03", SstpParseError.AttributeLengthTooSmall)]
    [InlineData("10 01 00 0C 00 01 00 01 00 01 00 00", SstpParseError.AttributeLengthTooSmall)]
    [InlineData("10 01 00 0E 00 01 00 01 00 01 00 07 00 01", SstpParseError.AttributeOverrun)]
    [InlineData("10 01 00 0E 00 01 00 01 00 01 0F FF 00 01", SstpParseError.AttributeOverrun)]
    [InlineData("10 01 00 0E 00 01 00 02 00 01 00 06 00 01", SstpParseError.AttributeCountMismatch)]
    [InlineData("10 01 00 0E 00 01 00 00 00 01 00 06 00 01", SstpParseError.AttributeCountMismatch)]
    [InlineData("10 01 00 08 00 05 00 01", SstpParseError.AttributeCountMismatch)]
    public void TryParse_Malformed_InvalidDataWithError(string hex, SstpParseError expected)
    {
        Assert.Equal(OperationStatus.InvalidData, SstpControlMessage.TryParse(Hex.Parse(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            bytes = bytes.Length >= 4 ? [0x10, 0x01, .. bytes.AsSpan(2)] : bytes;
            if (bytes.Length >= 4)
            {
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)bytes.Length);
            }

            if (SstpControlMessage.TryParse(bytes, out var view, out var error) == OperationStatus.Done)
            {
                int count = 0;
                foreach (var attribute in view.Attributes)
                {
                    count++;
                    Assert.True(attribute.Length >= 4);
                }

                Assert.Equal(view.AttributeCount, count);
                _ = view.TryGetStatusInfo(out _, out _, out _);
                _ = view.TryGetCryptoBinding(out _, out _, out _, out _);
                _ = view.TryGetCryptoBindingRequest(out _, out _);
                _ = view.TryGetEncapsulatedProtocolId(out _);
            }
            else
            {
                Assert.NotEqual(SstpParseError.None, error);
            }
        });
    }

    [Fact]
    public void ConnectAck_WriteThenParse_RoundTrips()
    {
        Gen.Select(Gen.Byte[0, 3], Gen.Byte.Array[32]).Sample((bitmask, nonce) =>
        {
            var buffer = new byte[48];
            SstpControlMessage.WriteCallConnectAck(buffer, (CertHashProtocol)bitmask, nonce);
            Assert.Equal(OperationStatus.Done, SstpControlMessage.TryParse(buffer, out var view, out _));
            Assert.True(view.TryGetCryptoBindingRequest(out var parsedMask, out var parsedNonce));
            Assert.Equal((CertHashProtocol)bitmask, parsedMask);
            Assert.Equal(nonce, parsedNonce.ToArray());
        });
    }

    [Fact]
    public void CallConnected_WriteThenParse_RoundTrips()
    {
        Gen.Select(Gen.Bool, Gen.Byte.Array[32], Gen.Byte.Array[32], Gen.Byte.Array[32]).Sample((sha1, nonce, cert, mac) =>
        {
            var hash = sha1 ? CertHashProtocol.Sha1 : CertHashProtocol.Sha256;
            int n = sha1 ? 20 : 32;
            var buffer = new byte[112];
            SstpControlMessage.WriteCallConnected(buffer, hash, nonce, cert.AsSpan(0, n), mac.AsSpan(0, n));
            Assert.Equal(OperationStatus.Done, SstpControlMessage.TryParse(buffer, out var view, out _));
            Assert.True(view.TryGetCryptoBinding(out var parsedHash, out var parsedNonce, out var parsedCert, out var parsedMac));
            Assert.Equal(hash, parsedHash);
            Assert.Equal(nonce, parsedNonce.ToArray());
            Assert.Equal(cert.AsSpan(0, n).ToArray(), parsedCert.ToArray());
            Assert.Equal(mac.AsSpan(0, n).ToArray(), parsedMac.ToArray());
            Assert.All(buffer.AsSpan(48 + n, 32 - n).ToArray(), b => Assert.Equal(0, b));
        });
    }

    [Fact]
    public void Abort_WriteThenParse_RoundTrips()
    {
        Gen.Select(Gen.Byte, Gen.UInt).Sample((id, status) =>
        {
            var buffer = new byte[20];
            SstpControlMessage.WriteCallAbort(buffer, (SstpAttributeId)id, (SstpStatus)status);
            Assert.Equal(OperationStatus.Done, SstpControlMessage.TryParse(buffer, out var view, out _));
            Assert.Equal(SstpMessageType.CallAbort, view.MessageType);
            Assert.True(view.TryGetStatusInfo(out var parsedId, out var parsedStatus, out var value));
            Assert.Equal(((SstpAttributeId)id, (SstpStatus)status), (parsedId, parsedStatus));
            Assert.True(value.IsEmpty);
        });
    }

    [Fact]
    public void Nak_WriteThenParse_RoundTripsAndCutsValuesAt64()
    {
        var genInfo = Gen.Select(Gen.Byte, Gen.UInt, Gen.Byte.Array[0, 80], (id, status, value) =>
            new SstpStatusInfo((SstpAttributeId)id, (SstpStatus)status, value));
        genInfo.Array[1, 10].Sample(infos =>
        {
            var buffer = new byte[SstpControlMessage.GetCallConnectNakLength(infos)];
            Assert.Equal(buffer.Length, SstpControlMessage.WriteCallConnectNak(buffer, infos));
            Assert.Equal(OperationStatus.Done, SstpControlMessage.TryParse(buffer, out var view, out _));
            Assert.Equal(infos.Length, view.AttributeCount);
            int i = 0;
            foreach (var attribute in view.Attributes)
            {
                var expected = infos[i++];
                Assert.Equal(SstpAttributeId.StatusInfo, attribute.Id);
                Assert.Equal((byte)expected.AttributeId, attribute.Value[3]);
                Assert.Equal((uint)expected.Status, BinaryPrimitives.ReadUInt32BigEndian(attribute.Value[4..]));
                var value = expected.Value.Span;
                Assert.Equal(value[..Math.Min(value.Length, 64)].ToArray(), attribute.Value[8..].ToArray());
            }
        });
    }

    [Fact]
    public void WriteCallConnectNak_NoStatusInfo_Throws()
    {
        Assert.Throws<ArgumentException>(() => SstpControlMessage.WriteCallConnectNak(new byte[100], []));
    }

    private static SstpStatusInfo[] NakInfos(SstpControlMessageView view)
    {
        var infos = new List<SstpStatusInfo>();
        foreach (var attribute in view.Attributes)
        {
            var value = attribute.Value;
            infos.Add(new SstpStatusInfo((SstpAttributeId)value[3], (SstpStatus)BinaryPrimitives.ReadUInt32BigEndian(value[4..]), value[8..].ToArray()));
        }

        return [.. infos];
    }

    private static int Write(string message, Span<byte> buffer) => message switch
    {
        "CallConnectRequest" => SstpControlMessage.WriteCallConnectRequest(buffer),
        "CallConnectAck" => SstpControlMessage.WriteCallConnectAck(buffer, CertHashProtocol.Sha256, Nonce),
        "CallConnectNak" => SstpControlMessage.WriteCallConnectNak(buffer, [
            new SstpStatusInfo(SstpAttributeId.EncapsulatedProtocolId, SstpStatus.ValueNotSupported, new byte[] { 0, 2 }),
            new SstpStatusInfo(SstpAttributeId.EncapsulatedProtocolId, SstpStatus.RequiredAttributeMissing)]),
        "CallConnected" => SstpControlMessage.WriteCallConnected(
            buffer, CertHashProtocol.Sha256, Nonce, Hex.Parse(SstpTestData.CertA), Hex.Parse(SstpTestData.MacA)),
        "CallAbort" => SstpControlMessage.WriteCallAbort(buffer, SstpAttributeId.CryptoBinding, SstpStatus.ValueNotSupported),
        "CallDisconnect" => SstpControlMessage.WriteCallDisconnect(buffer),
        "CallDisconnectAck" => SstpControlMessage.WriteCallDisconnectAck(buffer),
        "EchoRequest" => SstpControlMessage.WriteEchoRequest(buffer),
        "EchoResponse" => SstpControlMessage.WriteEchoResponse(buffer),
        _ => throw new ArgumentOutOfRangeException(nameof(message)),
    };
}

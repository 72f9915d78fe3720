using System.Buffers;
using System.Buffers.Binary;
using CsCheck;
using Sstp.Protocol.Ppp;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp;

public class PppFrameTests
{
    [Fact]
    public void TryRead_PppMdExample_LcpEchoRequest()
    {
        // PPP.md §1.1: "10 00 00 10 | FF 03 C0 21 | 09 01 00 08 00 00 00 00" — the PPP frame after the SSTP header.
        var sstp = Hex.Parse("10 00 00 10 | FF 03 C0 21 | 09 01 00 08 00 00 00 00");
        var status = PppFrame.TryRead(sstp.AsSpan(4), out ushort protocol, out var information, out var error);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(PppFrameError.None, error);
        Assert.Equal((ushort)PppProtocol.Lcp, protocol);
        Assert.Equal(Hex.Parse("09 01 00 08 00 00 00 00"), information.ToArray());
    }

    [Theory]
    [InlineData("FF 03 80 21 01 01 00 04", 0x8021, "01 01 00 04")] // MikroTik IPCP, PPP.md §1.1
    [InlineData("C0 21 09 01 00 08", 0xC021, "09 01 00 08")] // ACFC: no FF 03
    [InlineData("FF 03 21 45 00", 0x0021, "45 00")] // PFC: 1-byte IPv4 protocol
    [InlineData("21 45 00", 0x0021, "45 00")] // ACFC and PFC
    [InlineData("57 60 00", 0x0057, "60 00")] // PFC IPv6
    [InlineData("00 21 45", 0x0021, "45")] // 2-byte protocol without FF 03
    [InlineData("FF 03 00 57", 0x0057, "")] // empty information
    public void TryRead_CompressedAndPlainForms_Accepted(string frame, int protocol, string information)
    {
        Assert.Equal(OperationStatus.Done, PppFrame.TryRead(Hex.Parse(frame), out ushort actual, out var info));
        Assert.Equal(protocol, actual);
        Assert.Equal(Hex.Parse(information), info.ToArray());
    }

    [Theory]
    [InlineData("", PppFrameError.MissingProtocol)]
    [InlineData("FF 03", PppFrameError.MissingProtocol)]
    [InlineData("FF 03 C0", PppFrameError.MissingProtocol)]
    [InlineData("C0", PppFrameError.MissingProtocol)]
    [InlineData("00 00 01", PppFrameError.InvalidProtocol)]
    [InlineData("C0 20 01", PppFrameError.InvalidProtocol)]
    [InlineData("FF 03 80 20", PppFrameError.InvalidProtocol)]
    [InlineData("FF", PppFrameError.InvalidAddressControl)]
    [InlineData("FF 05 C0 21", PppFrameError.InvalidAddressControl)]
    [InlineData("FF FF 03 C0 21", PppFrameError.InvalidAddressControl)]
    public void TryRead_Malformed_InvalidDataWithRule(string frame, PppFrameError expected)
    {
        Assert.Equal(OperationStatus.InvalidData, PppFrame.TryRead(Hex.Parse(frame), out _, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void WriteHeader_AlwaysFf03AndTwoByteProtocol()
    {
        var buffer = new byte[8];
        Assert.Equal(PppFrame.HeaderLength, PppFrame.WriteHeader(buffer, PppProtocol.IPv4));
        Assert.Equal(Hex.Parse("FF 03 00 21"), buffer[..4]);
    }

    [Fact]
    public void WriteHeader_ShortDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => PppFrame.WriteHeader(new byte[3], PppProtocol.Lcp));
    }

    [Fact]
    public void WriteThenRead_RoundTrips()
    {
        // RFC 1661 §2 protocol shape: high octet even, low octet odd.
        Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte.Array[0, 300], (hi, lo, info) => ((ushort)(((hi & 0xFE) << 8) | lo | 1), info))
            .Sample((protocol, info) =>
            {
                var frame = new byte[PppFrame.HeaderLength + info.Length];
                PppFrame.WriteHeader(frame, (PppProtocol)protocol);
                info.CopyTo(frame, PppFrame.HeaderLength);

                Assert.Equal(OperationStatus.Done, PppFrame.TryRead(frame, out ushort readProtocol, out var readInfo));
                Assert.Equal(protocol, readProtocol);
                Assert.Equal(info, readInfo.ToArray());
            });
    }

    [Fact]
    public void TryRead_RandomBytes_NeverThrowsAndStaysInside()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var status = PppFrame.TryRead(bytes, out ushort protocol, out var info, out var error);
            Assert.True(info.Length <= bytes.Length);
            Assert.Equal(status == OperationStatus.Done, error == PppFrameError.None);
            if (status == OperationStatus.Done)
            {
                Assert.Equal(1, protocol & 1);
            }
        });
    }

    [Fact]
    public void ReadAndWrite_DoNotAllocate()
    {
        var frame = Hex.Parse("FF 03 00 21 45 00 00 14");
        var header = new byte[4];
        PppFrame.TryRead(frame, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 10_000; i++)
        {
            PppFrame.TryRead(frame, out ushort protocol, out var info);
            sum += protocol + info.Length + PppFrame.WriteHeader(header, PppProtocol.IPv4);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_000 * (0x21 + 4 + 4), sum);
        Assert.Equal(0x0021, BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)));
    }
}

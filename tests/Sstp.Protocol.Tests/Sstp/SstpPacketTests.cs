using System.Buffers;
using System.Buffers.Binary;
using CsCheck;
using Sstp.Protocol.Sstp;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Sstp;

public class SstpPacketTests
{
    private static readonly string[] Stream =
    [
        SstpTestData.ConnectRequest, SstpTestData.AckA, SstpTestData.DataLcp, SstpTestData.CallConnectedB,
        SstpTestData.EchoRequest, "10 00 00 04", SstpTestData.Disconnect,
    ];

    [Theory]
    [InlineData(SstpTestData.ConnectRequest, true, 14)]
    [InlineData(SstpTestData.DataLcp, false, 12)]
    [InlineData("10 00 00 04", false, 4)]
    [InlineData(SstpTestData.EchoRequest, true, 8)]
    public void TryRead_WholePacket_Done(string hex, bool isControl, int length)
    {
        var bytes = Hex.Parse(hex + " AA BB");
        Assert.Equal(OperationStatus.Done, SstpPacket.TryRead(bytes, out var packet, out int consumed, out var error));
        Assert.Equal(length, consumed);
        Assert.Equal(SstpParseError.None, error);
        Assert.Equal(isControl, packet.IsControl);
        Assert.Equal(length, packet.Packet.Length);
        Assert.Equal(bytes.AsSpan(4, length - 4).ToArray(), packet.Payload.ToArray());
    }

    [Fact]
    public void TryRead_ReservedBitsInLength_AreMasked()
    {
        // SSTP.md §4.1: receive masks the length with 0x0FFF; R bits and byte-1 reserved bits are ignored.
        var bytes = Hex.Parse("10 FF F0 08 00 08 00 00");
        Assert.Equal(OperationStatus.Done, SstpPacket.TryRead(bytes, out var packet, out int consumed, out _));
        Assert.Equal(8, consumed);
        Assert.True(packet.IsControl);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10 01 00")]
    [InlineData("10 01 00 0E 00 01 00 01 00 01 00 06 00")]
    [InlineData("10 00 0F FF")]
    public void TryRead_Partial_NeedMoreData(string hex)
    {
        Assert.Equal(OperationStatus.NeedMoreData, SstpPacket.TryRead(Hex.Parse(hex), out _, out int consumed, out var error));
        Assert.Equal(0, consumed);
        Assert.Equal(SstpParseError.None, error);
    }

    // SSTP.md §4.1: delineation errors (bad version, impossible length).
    [Theory]
    [InlineData("11", SstpParseError.BadVersion)]
    [InlineData("20 01 00 08 00 08 00 00", SstpParseError.BadVersion)]
    [InlineData("00 00 00 04", SstpParseError.BadVersion)]
    [InlineData("10 00 00 00", SstpParseError.LengthTooSmall)]
    [InlineData("10 00 00 01", SstpParseError.LengthTooSmall)]
    [InlineData("10 00 00 02", SstpParseError.LengthTooSmall)]
    [InlineData("10 00 00 03", SstpParseError.LengthTooSmall)]
    [InlineData("10 01 F0 03", SstpParseError.LengthTooSmall)]
    [InlineData("10 01 00 04", SstpParseError.ControlLengthTooSmall)]
    [InlineData("10 01 00 05", SstpParseError.ControlLengthTooSmall)]
    [InlineData("10 01 00 07 00 08 00", SstpParseError.ControlLengthTooSmall)]
    public void TryRead_Delineation_InvalidDataWithError(string hex, SstpParseError expected)
    {
        Assert.Equal(OperationStatus.InvalidData, SstpPacket.TryRead(Hex.Parse(hex), out _, out int consumed, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void TryRead_EverySplitPoint_SamePackets()
    {
        var all = Stream.SelectMany(Hex.Parse).ToArray();
        for (int split = 0; split <= all.Length; split++)
        {
            Assert.Equal(Stream.Select(SstpMachineHarness.Norm), ReadInChunks(all, [split, all.Length - split]));
        }
    }

    [Fact]
    public void TryRead_EveryChunkSize_SamePackets()
    {
        var all = Stream.SelectMany(Hex.Parse).ToArray();
        for (int size = 1; size <= all.Length; size++)
        {
            var sizes = Enumerable.Repeat(size, (all.Length / size) + 1).ToArray();
            Assert.Equal(Stream.Select(SstpMachineHarness.Norm), ReadInChunks(all, sizes));
        }
    }

    [Fact]
    public void TryRead_RandomBytes_NeverThrowsAndConsumedWithinInput()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var status = SstpPacket.TryRead(bytes, out var packet, out int consumed, out var error);
            Assert.InRange(consumed, 0, bytes.Length);
            Assert.Equal(status == OperationStatus.InvalidData, error != SstpParseError.None);
            if (status == OperationStatus.Done)
            {
                Assert.Equal(consumed, packet.Packet.Length);
                Assert.InRange(consumed, 4, SstpPacket.MaxPacketLength);
            }
        });
    }

    [Theory]
    [InlineData(0, "10 00 00 04")]
    [InlineData(8, "10 00 00 0C")]
    [InlineData(4091, "10 00 0F FF")]
    public void WriteDataHeader_Length_WritesTemplate(int payloadLength, string expected)
    {
        // SSTP.md §4.4: DATA packet 10 00 LL LL.
        var buffer = new byte[4];
        Assert.Equal(4, SstpPacket.WriteDataHeader(buffer, payloadLength));
        Assert.Equal(SstpMachineHarness.Norm(expected), Hex.Format(buffer));
    }

    [Theory]
    [InlineData(4092)]
    [InlineData(-1)]
    public void WriteDataHeader_PayloadTooLong_Throws(int payloadLength)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SstpPacket.WriteDataHeader(new byte[8], payloadLength));
    }

    [Fact]
    public void WriteDataHeader_ThenTryRead_RoundTripsAndAgreesWith16BitReader()
    {
        Gen.Int[0, SstpPacket.MaxPayloadLength].Sample(n =>
        {
            var packet = new byte[n + 4];
            SstpPacket.WriteDataHeader(packet, n);
            Assert.Equal(packet.Length, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)));
            Assert.Equal(OperationStatus.Done, SstpPacket.TryRead(packet, out var view, out int consumed, out _));
            Assert.False(view.IsControl);
            Assert.Equal(n + 4, consumed);
        });
    }

    [Fact]
    public void WriteDataHeader_ManyCalls_DoesNotAllocate()
    {
        Span<byte> buffer = stackalloc byte[4];
        SstpPacket.WriteDataHeader(buffer, 100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            SstpPacket.WriteDataHeader(buffer, i % 4000);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static List<string> ReadInChunks(byte[] all, int[] chunkSizes)
    {
        var packets = new List<string>();
        var buffer = new List<byte>();
        int offset = 0;
        foreach (int size in chunkSizes)
        {
            int take = Math.Min(size, all.Length - offset);
            buffer.AddRange(all.AsSpan(offset, take).ToArray());
            offset += take;
            while (true)
            {
                var span = buffer.ToArray();
                var status = SstpPacket.TryRead(span, out var packet, out int consumed, out _);
                if (status != OperationStatus.Done)
                {
                    Assert.Equal(OperationStatus.NeedMoreData, status);
                    break;
                }

                packets.Add(Hex.Format(packet.Packet));
                buffer.RemoveRange(0, consumed);
            }
        }

        return packets;
    }
}

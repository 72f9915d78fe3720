using System.Buffers;
using System.Buffers.Binary;
using Sstp.Protocol.Sstp;

namespace Sstp.Fuzz.Targets;

/// <summary>The SSTP packet delineation and the control message and attribute decoders.</summary>
public static class SstpTargets
{
    /// <summary>Every target of this file.</summary>
    public static IEnumerable<FuzzTarget> All =>
    [
        new("sstp-packet", "SstpPacket.TryRead over a byte stream, SstpControlMessage.TryParse and every attribute view", SstpStream, FuzzTarget.DecoderBound),
    ];

    private static void SstpStream(ReadOnlySpan<byte> input)
    {
        var rest = input;
        Span<byte> header = stackalloc byte[SstpPacket.HeaderLength];
        int packets = 0;
        while (true)
        {
            var status = SstpPacket.TryRead(rest, out var packet, out int consumed, out var error);
            Invariant.Consumed(status, consumed, rest.Length, "sstp-packet");
            Invariant.Require((status == OperationStatus.InvalidData) == (error != SstpParseError.None), $"sstp-packet: {status} with error {error}");
            if (status != OperationStatus.Done)
            {
                break;
            }

            Invariant.Require(consumed >= SstpPacket.HeaderLength && consumed <= SstpPacket.MaxPacketLength, $"sstp-packet: packet of {consumed} bytes");
            Invariant.Require(packet.Packet.Length == consumed, "sstp-packet: view length differs from consumed");
            Invariant.Require((BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) & 0x0FFF) == consumed, "sstp-packet: consumed differs from the Length field");
            Invariant.Require(packet.Payload.Length == consumed - SstpPacket.HeaderLength, "sstp-packet: payload length");
            if (packet.IsControl)
            {
                CheckControl(packet.Packet);
            }
            else if (rest[1] == 0 && (rest[2] & 0xF0) == 0)
            {
                SstpPacket.WriteDataHeader(header, packet.Payload.Length);
                Invariant.Require(header.SequenceEqual(rest[..SstpPacket.HeaderLength]), "sstp-packet: data header does not round-trip");
            }

            rest = rest[consumed..];
            packets++;
        }

        Invariant.Require(packets <= input.Length / SstpPacket.HeaderLength, $"sstp-packet: {packets} packets from {input.Length} bytes");
    }

    private static void CheckControl(ReadOnlySpan<byte> bytes)
    {
        var status = SstpControlMessage.TryParse(bytes, out var message, out var error);
        Invariant.Require((status == OperationStatus.InvalidData) == (error != SstpParseError.None), $"sstp-control: {status} with error {error}");
        if (status != OperationStatus.Done)
        {
            return;
        }

        int count = 0;
        int total = SstpPacket.ControlHeaderLength;
        foreach (var attribute in message.Attributes)
        {
            Invariant.Require(attribute.Length >= SstpAttributeView.HeaderLength, $"sstp-control: attribute of {attribute.Length} bytes");
            total += attribute.Length;
            count++;
        }

        Invariant.Require(count == message.AttributeCount, $"sstp-control: enumerated {count} attributes, parsed {message.AttributeCount}");
        Invariant.Require(total == bytes.Length, $"sstp-control: attributes cover {total} of {bytes.Length} bytes");
        _ = message.MessageType;
        for (int id = 0; id <= 8; id++)
        {
            if (message.TryGetAttribute((SstpAttributeId)id, out var value))
            {
                Invariant.Require(value.Length <= bytes.Length - SstpPacket.ControlHeaderLength - SstpAttributeView.HeaderLength, "sstp-control: attribute value too long");
            }
        }

        _ = message.TryGetEncapsulatedProtocolId(out _);
        if (message.TryGetStatusInfo(out _, out _, out var statusValue))
        {
            Invariant.Require(statusValue.Length < bytes.Length, "sstp-control: status value too long");
        }

        if (message.TryGetCryptoBindingRequest(out _, out var nonce))
        {
            Invariant.Require(nonce.Length == SstpControlMessage.NonceLength, $"sstp-control: request nonce of {nonce.Length} bytes");
        }

        if (message.TryGetCryptoBinding(out var hash, out var bindingNonce, out var certHash, out var mac))
        {
            int expected = hash == CertHashProtocol.Sha1 ? 20 : 32;
            Invariant.Require(bindingNonce.Length == 32 && certHash.Length == expected && mac.Length == expected, "sstp-control: crypto binding field lengths");
        }
    }
}

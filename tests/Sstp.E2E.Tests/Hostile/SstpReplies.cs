using System.Buffers;
using Sstp.Protocol.Sstp;

namespace Sstp.E2E.Tests.Hostile;

/// <summary>One SSTP control message the server sent: its type and its first Status Info, if any.</summary>
internal sealed record SstpReply(SstpMessageType Type, SstpAttributeId? StatusAttribute, SstpStatus? Status)
{
    /// <summary>
    /// Splits the server's plaintext (after its HTTP answer, when <paramref name="skipHttp"/>) into SSTP packets
    /// (SSTP.md §4.1) and returns the control messages in order; a trailing partial packet is ignored.
    /// </summary>
    public static List<SstpReply> Parse(ReadOnlySpan<byte> bytes, bool skipHttp)
    {
        if (skipHttp)
        {
            int end = bytes.IndexOf("\r\n\r\n"u8);
            bytes = end < 0 ? [] : bytes[(end + 4)..];
        }

        var replies = new List<SstpReply>();
        while (SstpPacket.TryRead(bytes, out var packet, out int consumed, out _) == OperationStatus.Done)
        {
            if (packet.IsControl && SstpControlMessage.TryParse(packet.Packet, out var message, out _) == OperationStatus.Done)
            {
                replies.Add(message.TryGetStatusInfo(out var attribute, out var status, out _)
                    ? new SstpReply(message.MessageType, attribute, status)
                    : new SstpReply(message.MessageType, null, null));
            }

            bytes = bytes[consumed..];
        }

        return replies;
    }

    /// <summary>True when <paramref name="bytes"/> (SSTP packets only) hold a control message of <paramref name="type"/>.</summary>
    public static bool Contains(byte[] bytes, SstpMessageType type) => Parse(bytes, skipHttp: false).Exists(r => r.Type == type);
}

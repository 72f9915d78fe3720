using System.Buffers;
using Sstp.Protocol.Ppp;

namespace Sstp.Fuzz.Targets;

/// <summary>Checks shared by the targets that drive a PPP state machine with fuzzed packets.</summary>
internal static class MachineCheck
{
    /// <summary>The largest unit any machine may hand out: one SSTP packet.</summary>
    public const int MaxUnit = 4095;

    /// <summary>A generous cap on how many packets one input may make a machine send, against send loops.</summary>
    public static int MaxTransmits(int inputLength) => 64 + (4 * inputLength);

    /// <summary>
    /// Checks one polled PPP packet: it fits its buffer and is a well-formed packet whose Length field is
    /// exactly what was written.
    /// </summary>
    public static void PppPacketOut(ReadOnlySpan<byte> buffer, int written, string target)
    {
        Invariant.Require(written >= PppPacket.HeaderLength && written <= buffer.Length, $"{target}: wrote {written} bytes into {buffer.Length}");
        var status = PppPacket.TryRead(buffer[..written], out var packet);
        Invariant.Require(status == OperationStatus.Done && packet.Length == written, $"{target}: sent a malformed packet of {written} bytes");
    }

    /// <summary>After a timeout has run at <paramref name="now"/>, the next deadline must lie later, or the host would spin.</summary>
    public static void DeadlineMoved(TimeSpan? next, TimeSpan now, string target)
    {
        Invariant.Require(next is null || next > now, $"{target}: deadline {next} not after {now} once the timeout ran");
    }
}

using System.Buffers;

namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>
/// Collects a <see cref="ControlProtocol"/>'s verdict on each option of a received Configure-Request and
/// builds the answer (RFC 1661 §5.2–§5.4): any Reject wins and only the rejected options are returned
/// verbatim in their order; otherwise any Nak returns the suggested values; otherwise the request is Acked.
/// Options not mentioned are acceptable.
/// </summary>
public sealed class ConfigureReply
{
    private readonly ArrayBufferWriter<byte> _rejected = new(64);
    private readonly ArrayBufferWriter<byte> _naked = new(64);
    private readonly ArrayBufferWriter<byte> _nakedOriginals = new(64);

    /// <summary>True when at least one option was rejected.</summary>
    public bool HasRejects => _rejected.WrittenCount > 0;

    /// <summary>True when at least one option was Naked or suggested.</summary>
    public bool HasNaks => _naked.WrittenCount > 0;

    /// <summary>The option is unrecognised or not negotiable: Configure-Reject it.</summary>
    public void Reject(ConfigureOption option) => Append(_rejected, option.Raw);

    /// <summary>The option is recognised but its value unacceptable: Configure-Nak it with <paramref name="suggestedData"/>.</summary>
    public void Nak(ConfigureOption option, ReadOnlySpan<byte> suggestedData)
    {
        AppendOption(_naked, option.Type, suggestedData);
        Append(_nakedOriginals, option.Raw);
    }

    /// <summary>Asks the peer to include an option it did not send (RFC 1661 §5.3); dropped if Naks turn into Rejects.</summary>
    public void Suggest(byte type, ReadOnlySpan<byte> suggestedData) => AppendOption(_naked, type, suggestedData);

    internal void Clear()
    {
        _rejected.Clear();
        _naked.Clear();
        _nakedOriginals.Clear();
    }

    internal ReadOnlySpan<byte> RejectedOptions => _rejected.WrittenSpan;

    internal ReadOnlySpan<byte> NakedOptions => _naked.WrittenSpan;

    /// <summary>The peer's own encodings of the Naked options, for the Max-Failure Nak→Reject conversion.</summary>
    internal ReadOnlySpan<byte> NakedOriginals => _nakedOriginals.WrittenSpan;

    private static void AppendOption(ArrayBufferWriter<byte> writer, byte type, ReadOnlySpan<byte> data)
    {
        var span = writer.GetSpan(ConfigureOption.HeaderLength + data.Length);
        writer.Advance(ConfigureOption.Write(span, type, data));
    }

    private static void Append(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> raw) => writer.Write(raw);
}

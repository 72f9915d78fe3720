namespace Sstp.Fuzz;

/// <summary>
/// Splits a fuzz input into records for the targets that drive state machines: each record is one control
/// byte, a two-byte big-endian length and that many bytes (cut short at the end of the input). Bit 0 of the
/// control byte asks the target to advance the clock to the machine's next deadline before delivering the
/// record. Seeds are written in the same form by <see cref="Write"/>.
/// </summary>
public ref struct Records
{
    private ReadOnlySpan<byte> _rest;

    /// <summary>Wraps an input.</summary>
    public Records(ReadOnlySpan<byte> input) => _rest = input;

    /// <summary>The control byte of the current record.</summary>
    public byte Control { get; private set; }

    /// <summary>The bytes of the current record.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>True when the current record asks for the clock to advance first.</summary>
    public readonly bool AdvanceClock => (Control & 1) != 0;

    /// <summary>Moves to the next record; false at the end of the input.</summary>
    public bool MoveNext()
    {
        if (_rest.Length < 3)
        {
            return false;
        }

        Control = _rest[0];
        int length = Math.Min((_rest[1] << 8) | _rest[2], _rest.Length - 3);
        Current = _rest.Slice(3, length);
        _rest = _rest[(3 + length)..];
        return true;
    }

    /// <summary>Encodes records (for seeds): each as control byte, length and bytes.</summary>
    public static byte[] Write(IEnumerable<(byte Control, byte[] Bytes)> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var output = new List<byte>();
        foreach (var (control, bytes) in records)
        {
            output.Add(control);
            output.Add((byte)(bytes.Length >> 8));
            output.Add((byte)bytes.Length);
            output.AddRange(bytes);
        }

        return [.. output];
    }
}

namespace Sstp.Protocol.Sstp;

/// <summary>
/// Walks the attributes of an already validated control message by their own lengths, without allocating
/// (SSTP.md §4.5). Use with <c>foreach (var a in message.Attributes)</c>.
/// </summary>
public ref struct SstpAttributeEnumerator
{
    private ReadOnlySpan<byte> _remaining;
    private SstpAttributeView _current;

    internal SstpAttributeEnumerator(ReadOnlySpan<byte> attributes)
    {
        _remaining = attributes;
        _current = default;
    }

    /// <summary>The attribute at the current position.</summary>
    public readonly SstpAttributeView Current => _current;

    /// <summary>Returns this enumerator (enables <c>foreach</c>).</summary>
    public readonly SstpAttributeEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next attribute; false at the end (or at a malformed remainder).</summary>
    public bool MoveNext()
    {
        if (_remaining.Length < SstpAttributeView.HeaderLength)
        {
            return false;
        }

        int length = SstpAttributeView.ReadLength(_remaining);
        if (length < SstpAttributeView.HeaderLength || length > _remaining.Length)
        {
            _remaining = default;
            return false;
        }

        _current = new SstpAttributeView((SstpAttributeId)_remaining[1], _remaining[SstpAttributeView.HeaderLength..length]);
        _remaining = _remaining[length..];
        return true;
    }
}

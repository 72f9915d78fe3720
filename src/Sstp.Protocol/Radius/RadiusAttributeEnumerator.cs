namespace Sstp.Protocol.Radius;

/// <summary>
/// Walks the attributes of a packet that <see cref="RadiusPacket.TryRead"/> accepted (use with <c>foreach</c>).
/// Stops at the first malformed attribute, so it never throws even on unvalidated input.
/// </summary>
public ref struct RadiusAttributeEnumerator
{
    private ReadOnlySpan<byte> _rest;
    private RadiusAttributeView _current;

    /// <summary>Creates an enumerator over an attribute area (everything after the 20-octet header).</summary>
    public RadiusAttributeEnumerator(ReadOnlySpan<byte> attributes)
    {
        _rest = attributes;
        _current = default;
    }

    /// <summary>The attribute at the current position.</summary>
    public readonly RadiusAttributeView Current => _current;

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly RadiusAttributeEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next attribute; false at the end or at a malformed attribute.</summary>
    public bool MoveNext()
    {
        if (_rest.Length < 2 || _rest[1] < 2 || _rest[1] > _rest.Length)
        {
            _rest = default;
            return false;
        }

        int length = _rest[1];
        _current = new RadiusAttributeView((RadiusAttributeType)_rest[0], _rest[2..length]);
        _rest = _rest[length..];
        return true;
    }
}

namespace Sstp.Protocol.Ppp.Negotiation;

/// <summary>
/// The option list that forms the Data of a Configure-Request/Ack/Nak/Reject (RFC 1661 §5.1–§5.4): options
/// back to back, each walked by its own Length (see <see cref="ConfigureOption"/>):
/// <code>
/// +------+------+--------+------+------+--------+-----
/// | Type | Len  | Data   | Type | Len  | Data   | ...
/// +------+------+--------+------+------+--------+-----
/// </code> Enumerate it with
/// <c>foreach</c>; check <see cref="IsWellFormed"/> first, since enumeration stops at the first bad option.
/// </summary>
public readonly ref struct ConfigureOptionList
{
    /// <summary>Wraps an encoded option list.</summary>
    public ConfigureOptionList(ReadOnlySpan<byte> encoded) => Encoded = encoded;

    /// <summary>The encoded list.</summary>
    public ReadOnlySpan<byte> Encoded { get; }

    /// <summary>True when every option has Length ≥ 2 and ends inside the list. Never throws.</summary>
    public bool IsWellFormed
    {
        get
        {
            var rest = Encoded;
            while (!rest.IsEmpty)
            {
                if (rest.Length < ConfigureOption.HeaderLength || rest[1] < ConfigureOption.HeaderLength || rest[1] > rest.Length)
                {
                    return false;
                }

                rest = rest[rest[1]..];
            }

            return true;
        }
    }

    /// <summary>True when an option with this raw encoding occurs in the list.</summary>
    public bool Contains(ReadOnlySpan<byte> raw)
    {
        foreach (var option in this)
        {
            if (option.Raw.SequenceEqual(raw))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns the enumerator.</summary>
    public Enumerator GetEnumerator() => new(Encoded);

    /// <summary>Walks the options; stops at the end or at the first malformed option.</summary>
    public ref struct Enumerator
    {
        private ReadOnlySpan<byte> _rest;
        private ReadOnlySpan<byte> _current;

        internal Enumerator(ReadOnlySpan<byte> encoded)
        {
            _rest = encoded;
            _current = default;
        }

        /// <summary>The option at the current position.</summary>
        public readonly ConfigureOption Current => new(_current);

        /// <summary>Moves to the next option.</summary>
        public bool MoveNext()
        {
            if (_rest.Length < ConfigureOption.HeaderLength || _rest[1] < ConfigureOption.HeaderLength || _rest[1] > _rest.Length)
            {
                return false;
            }

            _current = _rest[.._rest[1]];
            _rest = _rest[_rest[1]..];
            return true;
        }
    }
}

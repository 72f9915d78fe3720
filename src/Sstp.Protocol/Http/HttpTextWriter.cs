using System.Buffers;
using System.Text;

namespace Sstp.Protocol.Http;

/// <summary>
/// Appends ASCII text to a caller's span with bounds checks; a destination that is too small is the
/// caller's bug and throws through <see cref="HttpThrow"/>.
/// </summary>
internal ref struct HttpTextWriter
{
    private readonly Span<byte> _destination;
    private int _written;

    /// <summary>Starts writing at the beginning of <paramref name="destination"/>.</summary>
    public HttpTextWriter(Span<byte> destination)
    {
        _destination = destination;
        _written = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Written => _written;

    /// <summary>Appends raw bytes.</summary>
    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        if (!bytes.TryCopyTo(_destination[_written..]))
        {
            HttpThrow.DestinationTooSmall();
        }

        _written += bytes.Length;
    }

    /// <summary>Appends a string already validated as ASCII.</summary>
    public void Append(string text)
    {
        if (Ascii.FromUtf16(text, _destination[_written..], out int n) != OperationStatus.Done)
        {
            HttpThrow.DestinationTooSmall();
        }

        _written += n;
    }

    /// <summary>Appends a non-negative integer in decimal.</summary>
    public void Append(int value)
    {
        if (!value.TryFormat(_destination[_written..], out int n, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            HttpThrow.DestinationTooSmall();
        }

        _written += n;
    }
}

namespace Sstp.E2E.Tests.Hostile;

/// <summary>
/// Sits between a client's <see cref="Sstp.IO.Driving.SessionDriver"/> and its TLS stream (so it sees plaintext):
/// records every byte read, and, when asked, flips one byte of the Compound MAC of the 112-byte CALL_CONNECTED
/// on its way out, so the server's crypto binding check must fail (SSTP.md §4.2, §8).
/// </summary>
internal sealed class TamperingStream(Stream inner, bool corruptCallConnected) : PassThroughStream(inner)
{
    /// <summary>Start of an SSTP control packet of 112 bytes with type CALL_CONNECTED (0x0004), one attribute.</summary>
    private static readonly byte[] CallConnectedHeader = [0x10, 0x01, 0x00, 0x70, 0x00, 0x04, 0x00, 0x01];

    /// <summary>Offset of a byte inside the Compound MAC (bytes 80..111 of CALL_CONNECTED).</summary>
    private const int MacByteOffset = 100;

    private readonly Lock _gate = new();
    private readonly List<byte> _read = [];

    /// <summary>True once a CALL_CONNECTED went out with a corrupted MAC.</summary>
    public bool Corrupted { get; private set; }

    /// <summary>Everything read from the server so far (plaintext).</summary>
    public byte[] ReadBytes
    {
        get
        {
            lock (_gate)
            {
                return [.. _read];
            }
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await Inner.ReadAsync(buffer, cancellationToken);
        lock (_gate)
        {
            _read.AddRange(buffer.Span[..n]);
        }

        return n;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (corruptCallConnected && !Corrupted)
        {
            int at = buffer.Span.IndexOf(CallConnectedHeader);
            if (at >= 0 && at + 112 <= buffer.Length)
            {
                byte[] copy = buffer.ToArray();
                copy[at + MacByteOffset] ^= 0x5A;
                Corrupted = true;
                return Inner.WriteAsync(copy, cancellationToken);
            }
        }

        return Inner.WriteAsync(buffer, cancellationToken);
    }
}

namespace Sstp.E2E.Tests.Hostile;

/// <summary>
/// Sits between a client's <see cref="Sstp.IO.Driving.SessionDriver"/> and its TLS stream (so it sees plaintext):
/// records every byte read, and, when asked, flips one byte of the Compound MAC of the 112-byte CALL_CONNECTED
/// on its way out, so the server's crypto binding check must fail (SSTP.md §4.2, §8).
/// </summary>
internal sealed class TamperingStream(Stream inner, bool corruptCallConnected) : Stream
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

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await inner.ReadAsync(buffer, cancellationToken);
        lock (_gate)
        {
            _read.AddRange(buffer.Span[..n]);
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

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
                return inner.WriteAsync(copy, cancellationToken);
            }
        }

        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}

using System.Net.Security;
using System.Security.Authentication;

namespace Sstp.IO.Tls;

/// <summary>
/// An authenticated TLS stream and the facts about it the session needs: the negotiated protocol and
/// cipher (for logs) and the server leaf's fingerprints (for the SSTP crypto binding, SSTP.md §8.2). On the
/// server these are its own leaf's; on the client, those of the leaf the server presented — the same
/// bytes on both ends when no TLS middlebox sits between them.
/// </summary>
public sealed class TlsConnection : IAsyncDisposable, IDisposable
{
    private readonly byte[] _sha1;
    private readonly byte[] _sha256;

    internal TlsConnection(SslStream stream, byte[] serverLeafSha1, byte[] serverLeafSha256)
    {
        Stream = stream;
        _sha1 = serverLeafSha1;
        _sha256 = serverLeafSha256;
        Protocol = stream.SslProtocol;
        CipherSuite = stream.NegotiatedCipherSuite;
    }

    /// <summary>The authenticated stream; owned by this object.</summary>
    public SslStream Stream { get; }

    /// <summary>The negotiated TLS version.</summary>
    public SslProtocols Protocol { get; }

    /// <summary>The negotiated cipher suite.</summary>
    public TlsCipherSuite CipherSuite { get; }

    /// <summary>The SNI host name the client sent (server side), or the target host (client side); empty if none.</summary>
    public string ServerName => Stream.TargetHostName;

    /// <summary>SHA-1 of the server leaf certificate's DER (20 bytes).</summary>
    public ReadOnlyMemory<byte> ServerLeafSha1 => _sha1;

    /// <summary>SHA-256 of the server leaf certificate's DER (32 bytes).</summary>
    public ReadOnlyMemory<byte> ServerLeafSha256 => _sha256;

    /// <summary>Disposes the stream (and the inner stream unless it was left open).</summary>
    public void Dispose() => Stream.Dispose();

    /// <summary>Disposes the stream asynchronously.</summary>
    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}

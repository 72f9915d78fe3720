// Server side of TLS: wraps an accepted transport stream in SslStream and authenticates as server with
// the CertificateSource's prebuilt SslStreamCertificateContext (leaf + chain). No client certificate is
// asked for, ALPN is not used (SSTP clients send none), resumption stays allowed (it saves a quarter of the
// handshake CPU, MACHINE-LIMITS.md). The certificate can be replaced while serving (reload); each handshake
// uses the one current when it starts. The handshake is bounded by HandshakeTimeout: when the timeout, not
// the caller, cancels, the result is a TimeoutException.

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Sstp.IO.Tls;

/// <summary>Authenticates accepted connections as the TLS server.</summary>
public sealed class TlsAcceptor
{
    private readonly TlsAcceptorOptions _options;
    private volatile CertificateSource _certificate;
    private long _handshakeTimeoutTicks;

    /// <summary>Creates an acceptor.</summary>
    /// <param name="certificate">The server certificate; must stay alive as long as the acceptor.</param>
    /// <param name="options">Settings, or null for the defaults.</param>
    public TlsAcceptor(CertificateSource certificate, TlsAcceptorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _certificate = certificate;
        _options = options ?? new TlsAcceptorOptions();
        _handshakeTimeoutTicks = _options.HandshakeTimeout.Ticks;
        _ = _certificate.Context; // build the chain context now, not in the first handshake
    }

    /// <summary>
    /// The certificate new handshakes present. Setting it (a reload) affects only handshakes that start
    /// afterwards; one already running finishes with the certificate it began with, and its
    /// <see cref="TlsConnection"/> carries that certificate's fingerprints. The caller keeps the old source alive
    /// while such handshakes may still run.
    /// </summary>
    public CertificateSource Certificate
    {
        get => _certificate;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _ = value.Context; // build the chain context here, not in the first handshake after the swap
            _certificate = value;
        }
    }

    /// <summary>
    /// How long a handshake may take; starts as <see cref="TlsAcceptorOptions.HandshakeTimeout"/>. Setting it (a
    /// reload) affects handshakes that start afterwards.
    /// </summary>
    public TimeSpan HandshakeTimeout
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _handshakeTimeoutTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _handshakeTimeoutTicks, value.Ticks);
        }
    }

    /// <summary>Runs the server handshake over <paramref name="transport"/>.</summary>
    /// <param name="transport">The accepted connection (a NetworkStream, or an in-memory stream in tests).</param>
    /// <param name="cancellationToken">Cancels the handshake (e.g. server shutdown).</param>
    /// <returns>The authenticated connection; the caller owns it.</returns>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed.</exception>
    /// <exception cref="IOException">The transport failed or closed during the handshake.</exception>
    /// <exception cref="TimeoutException">The client did not finish within <see cref="HandshakeTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TlsConnection> AcceptAsync(Stream transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        // Read the certificate once: the context sent and the fingerprints the session binds to must be the same one.
        var certificate = _certificate;
        var stream = new SslStream(transport, _options.LeaveInnerStreamOpen);
        var serverOptions = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate.Context,
            EnabledSslProtocols = _options.EnabledProtocols,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };

        var handshakeTimeout = HandshakeTimeout;
        using var timeout = new CancellationTokenSource(handshakeTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await stream.AuthenticateAsServerAsync(serverOptions, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"The TLS handshake did not complete within {handshakeTimeout}.");
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new TlsConnection(
            stream, certificate.LeafSha1.ToArray(), certificate.LeafSha256.ToArray());
    }
}

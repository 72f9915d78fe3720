// Server side of TLS: wraps an accepted transport stream in SslStream and authenticates as server with
// the CertificateSource's prebuilt SslStreamCertificateContext (leaf + chain). No client certificate is
// asked for, ALPN offers http/1.1 (SSTP clients send none), resumption stays allowed (it saves a quarter of the
// handshake CPU, MACHINE-LIMITS.md). The certificate can be replaced while serving (reload); each handshake
// uses the one current when it starts. The handshake is bounded by HandshakeTimeout: when the timeout, not
// the caller, cancels, the result is a TimeoutException.
// With SNI alternates (CertificateSource.WithAlternates) the context is picked in the ClientHello callback by
// the name the client asked for; every context was built when the set was installed. ALPN offers only
// http/1.1, as a web server on 443 would: SSTP clients offer nothing and are unaffected, and a client that
// offers only protocols we do not speak (h2 alone) is refused by the TLS stack with a no_application_protocol
// alert, which is what an HTTP/1.1-only web server answers too.

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
        BuildContexts(certificate); // build the chain contexts now, not in the first handshake
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
            BuildContexts(value); // build the chain contexts here, not in the first handshake after the swap
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
        var chosen = certificate;
        var stream = new SslStream(transport, _options.LeaveInnerStreamOpen);
        var handshakeTimeout = HandshakeTimeout;
        using var timeout = new CancellationTokenSource(handshakeTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            if (certificate.Alternates.Count == 0)
            {
                await stream.AuthenticateAsServerAsync(OptionsFor(certificate), linked.Token).ConfigureAwait(false);
            }
            else
            {
                await stream.AuthenticateAsServerAsync(
                    (_, hello, _, _) =>
                    {
                        chosen = certificate.Select(hello.ServerName);
                        return ValueTask.FromResult(OptionsFor(chosen));
                    },
                    null,
                    linked.Token).ConfigureAwait(false);
            }
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

        // The fingerprints of the certificate this client was actually given: its session binds to them.
        return new TlsConnection(stream, chosen.LeafSha1.ToArray(), chosen.LeafSha256.ToArray());
    }

    private static void BuildContexts(CertificateSource certificate)
    {
        _ = certificate.Context;
        foreach (var alternate in certificate.Alternates)
        {
            _ = alternate.Context;
        }
    }

    private SslServerAuthenticationOptions OptionsFor(CertificateSource certificate) => new()
    {
        ServerCertificateContext = certificate.Context,
        EnabledSslProtocols = _options.EnabledProtocols,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        ApplicationProtocols = _options.ApplicationProtocols is { Count: > 0 } protocols ? protocols : null,
    };
}

// Client side of TLS: wraps a connected transport in SslStream and authenticates as client.
//   SNI: SslClientAuthenticationOptions.TargetHost is the configured host; SslStream sends it as SNI for
//        names and leaves SNI out for IP literals (RFC 6066 §3 forbids literal addresses in SNI).
//   Trust, by mode:
//     SystemTrust  - SslStream's default validation (system store + host name).
//     CustomCa     - the same, but the chain must end at a certificate from CaFile (CustomRootTrust).
//     PinnedSha256 - a callback accepts exactly the leaf with the pinned SHA-256, ignoring chain, name and
//                    dates; comparisons are constant-time. Cheap enough for load generators.
//     Insecure     - a callback that accepts anything.
// After the handshake the server leaf's SHA-1/SHA-256 are taken from the certificate actually presented:
// this is what the SSTP client puts in the crypto binding (SSTP.md §8.2).

using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sstp.IO.Tls;

/// <summary>Connects as the TLS client with a chosen server-certificate validation mode.</summary>
public sealed class TlsConnector : IDisposable
{
    private readonly TlsConnectorOptions _options;
    private readonly X509Certificate2Collection? _trustedRoots;
    private readonly byte[]? _pin;

    /// <summary>Creates a connector; loads the CA file now so a bad file fails at start-up, not per connection.</summary>
    /// <param name="options">Settings.</param>
    /// <exception cref="ArgumentException">The options do not fit the validation mode (no CA file, or a pin
    /// that is not 32 bytes).</exception>
    /// <exception cref="CryptographicException">The CA file cannot be read as PEM certificates.</exception>
    public TlsConnector(TlsConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.TargetHost, nameof(options));
        _options = options;
        switch (options.Validation)
        {
            case ServerCertificateValidation.CustomCa:
                if (string.IsNullOrEmpty(options.CaFile))
                {
                    throw new ArgumentException("CustomCa validation needs a CaFile.", nameof(options));
                }

                _trustedRoots = [];
                _trustedRoots.ImportFromPemFile(options.CaFile);
                if (_trustedRoots.Count == 0)
                {
                    throw new ArgumentException($"'{options.CaFile}' holds no PEM certificate.", nameof(options));
                }

                break;
            case ServerCertificateValidation.PinnedSha256:
                if (options.PinnedSha256.Length != SHA256.HashSizeInBytes)
                {
                    throw new ArgumentException("A pinned SHA-256 fingerprint has 32 bytes.", nameof(options));
                }

                _pin = options.PinnedSha256.ToArray();
                break;
            case ServerCertificateValidation.SystemTrust:
            case ServerCertificateValidation.Insecure:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Validation, "Unknown validation mode.");
        }
    }

    /// <summary>Runs the client handshake over <paramref name="transport"/>.</summary>
    /// <param name="transport">The connected transport (a NetworkStream, or an in-memory stream in tests).</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The authenticated connection with the server leaf's fingerprints; the caller owns it.</returns>
    /// <exception cref="AuthenticationException">The handshake failed or the certificate was refused.</exception>
    /// <exception cref="IOException">The transport failed during the handshake.</exception>
    /// <exception cref="TimeoutException">The server did not finish within the handshake timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TlsConnection> ConnectAsync(Stream transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var stream = new SslStream(transport, _options.LeaveInnerStreamOpen);
        var clientOptions = new SslClientAuthenticationOptions
        {
            TargetHost = _options.TargetHost,
            EnabledSslProtocols = _options.EnabledProtocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        ApplyValidation(clientOptions);

        using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        X509Certificate? leaf;
        try
        {
            await stream.AuthenticateAsClientAsync(clientOptions, linked.Token).ConfigureAwait(false);
            leaf = stream.RemoteCertificate
                ?? throw new AuthenticationException("The server presented no certificate.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"The TLS handshake did not complete within {_options.HandshakeTimeout}.");
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new TlsConnection(stream, CertificateHashes.Sha1(leaf), CertificateHashes.Sha256(leaf));
    }

    /// <summary>Releases the loaded CA certificates.</summary>
    public void Dispose()
    {
        if (_trustedRoots is not null)
        {
            foreach (var certificate in _trustedRoots)
            {
                certificate.Dispose();
            }
        }
    }

    [SuppressMessage("Security", "CA5359:Do Not Disable Certificate Validation", Justification = "AcceptAny is installed only for ServerCertificateValidation.Insecure, which the user selects explicitly and which is documented as test-only.")]
    private void ApplyValidation(SslClientAuthenticationOptions clientOptions)
    {
        switch (_options.Validation)
        {
            case ServerCertificateValidation.CustomCa:
                var policy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    RevocationMode = X509RevocationMode.NoCheck,
                    DisableCertificateDownloads = true,
                };
                policy.CustomTrustStore.AddRange(_trustedRoots!);
                clientOptions.CertificateChainPolicy = policy;
                break;
            case ServerCertificateValidation.PinnedSha256:
                clientOptions.CertificateChainPolicy = new X509ChainPolicy
                {
                    RevocationMode = X509RevocationMode.NoCheck,
                    DisableCertificateDownloads = true,
                };
                clientOptions.RemoteCertificateValidationCallback = MatchesPin;
                break;
            case ServerCertificateValidation.Insecure:
                clientOptions.RemoteCertificateValidationCallback = AcceptAny;
                break;
            default:
                break;
        }
    }

    private static bool AcceptAny(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

    private bool MatchesPin(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || _pin is null)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(certificate.GetRawCertData(), actual);
        return CryptographicOperations.FixedTimeEquals(actual, _pin);
    }
}

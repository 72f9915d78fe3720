// Certificate fingerprints for the SSTP crypto binding [SSTP.md §8.2; MS-SSTP §2.2.7]:
//   CertHash = SHA1(DER(leaf))   (20 bytes, CERT_HASH_PROTOCOL_SHA1)
//            | SHA256(DER(leaf)) (32 bytes, CERT_HASH_PROTOCOL_SHA256)
// i.e. the ordinary fingerprint `openssl x509 -fingerprint` prints, over the certificate's DER encoding.

using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sstp.IO.Tls;

/// <summary>SHA-1 and SHA-256 fingerprints of a certificate's DER encoding.</summary>
public static class CertificateHashes
{
    /// <summary>SHA-1 over the DER certificate (20 bytes).</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "MS-SSTP §2.2.7 defines CERT_HASH_PROTOCOL_SHA1 as the SHA-1 fingerprint; it binds, it does not protect.")]
    public static byte[] Sha1(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SHA1.HashData(certificate.GetRawCertData());
    }

    /// <summary>SHA-256 over the DER certificate (32 bytes).</summary>
    public static byte[] Sha256(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SHA256.HashData(certificate.GetRawCertData());
    }

    /// <summary>
    /// Parses a fingerprint written as hex, with or without ':' or ' ' separators (the form
    /// <c>openssl x509 -fingerprint</c> prints).
    /// </summary>
    /// <param name="text">e.g. <c>AB:CD:...</c> or <c>abcd...</c>.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="FormatException">Not an even number of hex digits.</exception>
    public static byte[] ParseHex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string digits = text.Replace(":", string.Empty, StringComparison.Ordinal)
            .Replace(" ", string.Empty, StringComparison.Ordinal);
        return Convert.FromHexString(digits);
    }
}

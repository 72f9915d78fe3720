using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sstp.IO.Tls;
using Sstp.Protocol.Http;
using Sstp.Server.Configuration;

namespace Sstp.Server.Hosting;

/// <summary>The pure parts of serving behind a load balancer: trusted sources, reading a PROXY header exactly, the offload certificate's hashes.</summary>
public static class LoadBalancerSupport
{
    /// <summary>The longest PROXY header read (a v2 header with room for the TLVs a balancer adds).</summary>
    public const int MaxProxyHeader = 4096;

    /// <summary>The SHA-1 and SHA-256 of the first certificate in the PEM file of <c>server.offload-cert</c>.</summary>
    /// <exception cref="IOException">The file cannot be read or holds no certificate (the message names the key).</exception>
    public static (byte[] Sha1, byte[] Sha256) LoadOffloadHashes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{ConfigKeys.OffloadCert.Name}: cannot read '{path}': {e.Message}", e);
        }

        return OffloadHashesOf(text) ?? throw new IOException($"{ConfigKeys.OffloadCert.Name}: '{path}' holds no PEM certificate");
    }

    /// <summary>The hashes of the first CERTIFICATE block of <paramref name="pem"/>, or null when it has none.</summary>
    public static (byte[] Sha1, byte[] Sha256)? OffloadHashesOf(string pem)
    {
        ReadOnlySpan<char> rest = pem;
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                try
                {
                    using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
                    return (CertificateHashes.Sha1(certificate), CertificateHashes.Sha256(certificate));
                }
                catch (CryptographicException)
                {
                    return null;
                }
            }

            rest = rest[fields.Location.End..];
        }

        return null;
    }

    /// <summary>
    /// How many bytes to read next so that no byte past the header is taken: a v2 header says its length once its
    /// 16 fixed bytes are in; before that, and for the text of v1, one byte at a time.
    /// </summary>
    public static int ProxyHeaderBytesWanted(ReadOnlySpan<byte> have)
    {
        if (have.Length >= ProxyProtocolParser.V2HeaderLength && have[0] == 0x0D)
        {
            int total = ProxyProtocolParser.V2HeaderLength + ((have[14] << 8) | have[15]);
            return Math.Max(1, total - have.Length);
        }

        // The first byte tells the versions apart; a v1 header can be as short as 15 bytes ("PROXY UNKNOWN" CRLF).
        return have.Length > 0 && have[0] == 0x0D ? ProxyProtocolParser.V2HeaderLength - have.Length : 1;
    }

    /// <summary>True when <paramref name="address"/> (IPv4-mapped IPv6 counts as IPv4) is in one of <paramref name="trusted"/>.</summary>
    public static bool IsTrustedProxy(IReadOnlyList<IPNetwork> trusted, IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in trusted)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The pool keys left at their defaults on a server that listens behind a load balancer (a <c>proxy</c> or
    /// <c>offload</c> listener): every node started that way hands out the same addresses, so two nodes would give
    /// two clients the same address or /64. Empty when no listener is marked or every pool is set.
    /// </summary>
    public static IReadOnlyList<string> DefaultPoolsBehindBalancer(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.ListenerMarks.Values.Any(m => m != ListenerMarks.None))
        {
            return [];
        }

        var defaults = new PoolOptions();
        var found = new List<string>();
        if (options.Pool.Ipv4.Equals(defaults.Ipv4))
        {
            found.Add(ConfigKeys.Pool4.Name);
        }

        if (options.Pool.Ipv6 is { } v6 && defaults.Ipv6 is { } default6 && v6.Equals(default6))
        {
            found.Add(ConfigKeys.Pool6.Name);
        }

        return found;
    }
}

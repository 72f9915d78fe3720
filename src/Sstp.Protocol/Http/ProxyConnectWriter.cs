using System.Text;

namespace Sstp.Protocol.Http;

/// <summary>
/// Client side: writes the HTTP CONNECT request that opens a tunnel through a web proxy before TLS,
/// SSTP.md §3.4 [MS-SSTP §4.5], INTEROP.md §9.3.
/// <code>
/// CONNECT vpn.example.com:443 HTTP/1.1 CRLF
/// Host: vpn.example.com:443 CRLF
/// SSTPVERSION: 1.0 CRLF
/// Proxy-Authorization: Basic base64(user ":" password) CRLF     (only with credentials, RFC 7617)
/// CRLF
/// </code>
/// The port is the caller's (not sstpc's hard-coded 443). IPv6 literals are bracketed (RFC 3986 §3.2.2).
/// Credentials may be sent up front (as OSC does) or only after a 407 offering Basic (as sstpc does); see
/// <see cref="ProxyConnectResponseParser"/>. User and password are encoded as UTF-8 (RFC 7617 §2.1).
/// </summary>
public static class ProxyConnectWriter
{
    /// <summary>The bytes <see cref="Write"/> needs for these arguments.</summary>
    public static int GetLength(string host, int port, string? basicUser, string? basicPassword)
    {
        ArgumentNullException.ThrowIfNull(host);
        int authority = HttpText.ToAuthorityHost(host).Length + 1 + PortDigits(port);
        int length = "CONNECT "u8.Length + authority + " HTTP/1.1\r\nHost: "u8.Length + authority
            + "\r\nSSTPVERSION: 1.0\r\n"u8.Length + 2;
        if (basicUser is not null)
        {
            int credentials = Encoding.UTF8.GetByteCount(basicUser) + 1 + Encoding.UTF8.GetByteCount(basicPassword ?? string.Empty);
            length += "Proxy-Authorization: Basic "u8.Length + (((credentials + 2) / 3) * 4) + 2;
        }

        return length;
    }

    /// <summary>
    /// Writes the CONNECT request; with a non-null <paramref name="basicUser"/> adds Basic
    /// Proxy-Authorization (a null password counts as empty). Returns the bytes written. Throws
    /// <see cref="ArgumentException"/> for a host that is not visible ASCII, a port outside 1..65535, a user
    /// name containing ':' or control characters, or a too-small destination.
    /// </summary>
    public static int Write(Span<byte> destination, string host, int port, string? basicUser, string? basicPassword)
    {
        string authorityHost = HttpText.CheckHost(host, nameof(host));
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);

        var writer = new HttpTextWriter(destination);
        writer.Append("CONNECT "u8);
        AppendAuthority(ref writer, authorityHost, port);
        writer.Append(" HTTP/1.1\r\nHost: "u8);
        AppendAuthority(ref writer, authorityHost, port);
        writer.Append("\r\nSSTPVERSION: 1.0\r\n"u8);
        if (basicUser is not null)
        {
            writer.Append("Proxy-Authorization: Basic "u8);
            writer.Append(Convert.ToBase64String(EncodeCredentials(basicUser, basicPassword ?? string.Empty)));
            writer.Append("\r\n"u8);
        }

        writer.Append("\r\n"u8);
        return writer.Written;
    }

    private static void AppendAuthority(ref HttpTextWriter writer, string host, int port)
    {
        writer.Append(host);
        writer.Append(":"u8);
        writer.Append(port);
    }

    /// <summary>RFC 7617 §2: user-id must not contain ':'; neither part may contain control characters.</summary>
    private static byte[] EncodeCredentials(string user, string password)
    {
        if (user.Contains(':', StringComparison.Ordinal) || HasControl(user))
        {
            HttpThrow.InvalidText("basicUser");
        }

        if (HasControl(password))
        {
            HttpThrow.InvalidText("basicPassword");
        }

        return Encoding.UTF8.GetBytes(user + ":" + password);
    }

    private static bool HasControl(string text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static int PortDigits(int port) => port switch
    {
        < 10 => 1,
        < 100 => 2,
        < 1000 => 3,
        < 10000 => 4,
        _ => 5,
    };
}

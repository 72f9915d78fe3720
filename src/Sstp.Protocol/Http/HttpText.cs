namespace Sstp.Protocol.Http;

/// <summary>Checks and shapes caller-supplied text before it goes into a request line or header.</summary>
internal static class HttpText
{
    /// <summary>True when <paramref name="text"/> is non-empty and only visible ASCII (0x21..0x7E).</summary>
    public static bool IsVisibleAscii(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (char c in text)
        {
            if (c <= ' ' || c >= '\u007F')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The host as it appears in an authority (RFC 3986 §3.2.2): an IPv6 literal (it contains a colon) is
    /// wrapped in brackets unless it already is.
    /// </summary>
    public static string ToAuthorityHost(string host) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? "[" + host + "]" : host;

    /// <summary>Validates a host name or IP literal supplied by the caller; throws on misuse.</summary>
    public static string CheckHost(string host, string paramName)
    {
        if (!IsVisibleAscii(host))
        {
            HttpThrow.InvalidText(paramName);
        }

        return ToAuthorityHost(host);
    }
}

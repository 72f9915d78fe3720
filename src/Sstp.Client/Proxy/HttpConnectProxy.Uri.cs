// The --proxy argument: http://[user[:password]@]host:port[/]
//
//   scheme     only "http": the CONNECT goes to the proxy in clear text (TLS to the proxy is not supported).
//   user info  percent-encoded (RFC 3986 §3.2.1), decoded here; sent as Basic credentials (RFC 7617).
//   host       name, IPv4, or bracketed IPv6 literal (RFC 3986 §3.2.2).
//   port       REQUIRED. There is no common proxy port (Squid 3128, tinyproxy 8888, many 8080), and a
//              guessed one would send the CONNECT, and perhaps the password, to a service that did not ask
//              for it. So a missing port is an error, not a default.
//   path       empty or "/"; no query, no fragment.

namespace Sstp.Client.Proxy;

/// <content>Parsing and checking the proxy URI.</content>
public static partial class HttpConnectProxy
{
    /// <summary>
    /// Parses and checks a proxy URI of the form <c>http://[user[:password]@]host:port</c>. The port is
    /// required (there is no default). User and password are percent-decoded when the request is written.
    /// </summary>
    /// <param name="value">The text given with <c>--proxy</c>.</param>
    /// <returns>The URI.</returns>
    /// <exception cref="FormatException">The text is not such a URI; the message says what is wrong.</exception>
    public static Uri ParseProxyUri(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string text = value.Trim();
        if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Proxy '{Redact(text)}': only http:// proxies are supported (TLS to the proxy is not).");
        }

        if (!text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Proxy '{Redact(text)}' must look like http://[user:password@]host:port.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"Proxy '{Redact(text)}' is not a valid URI; expected http://[user:password@]host:port.");
        }

        if (!HasExplicitPort(text))
        {
            throw new FormatException($"Proxy '{Redact(text)}' has no port; give it explicitly, e.g. http://{uri.Authority}:3128.");
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new FormatException($"Proxy '{Redact(text)}' must not have a path, query or fragment.");
        }

        if (uri.UserInfo.Length > 0)
        {
            GetCredentials(uri, out string? user, out string? password);
            if (string.IsNullOrEmpty(user))
            {
                throw new FormatException($"Proxy '{Redact(text)}' has credentials without a user name.");
            }

            if (user.Contains(':', StringComparison.Ordinal) || user.Any(char.IsControl) || password!.Any(char.IsControl))
            {
                throw new FormatException(
                    $"Proxy '{Redact(text)}': the user name must not contain ':' and neither part may contain control characters.");
            }
        }

        return uri;
    }

    /// <summary>Splits the URI's user info at the first ':' and percent-decodes both parts (null user without user info).</summary>
    internal static void GetCredentials(Uri proxy, out string? user, out string? password)
    {
        string info = proxy.UserInfo;
        if (info.Length == 0)
        {
            user = null;
            password = null;
            return;
        }

        int colon = info.IndexOf(':', StringComparison.Ordinal);
        user = Uri.UnescapeDataString(colon < 0 ? info : info[..colon]);
        password = colon < 0 ? string.Empty : Uri.UnescapeDataString(info[(colon + 1)..]);
    }

    /// <summary>Whether the authority ends in ":digits" (Uri fills in 80 silently, so this looks at the text).</summary>
    private static bool HasExplicitPort(string text)
    {
        string rest = text["http://".Length..];
        int end = rest.IndexOfAny(['/', '?', '#']);
        string authority = end < 0 ? rest : rest[..end];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        int colon = authority.LastIndexOf(':');
        int bracket = authority.LastIndexOf(']');
        return colon > bracket && colon < authority.Length - 1 && authority[(colon + 1)..].All(char.IsAsciiDigit);
    }

    /// <summary>The text with any password replaced, for error messages.</summary>
    private static string Redact(string text)
    {
        int at = text.LastIndexOf('@');
        int colon = at < 0 ? -1 : text.IndexOf(':', "http://".Length);
        return colon >= 0 && colon < at ? text[..(colon + 1)] + "***" + text[at..] : text;
    }
}

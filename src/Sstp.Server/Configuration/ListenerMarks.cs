using System.Net;

namespace Sstp.Server.Configuration;

/// <summary>
/// What a listener of <c>server.listen</c> expects in front of the SSTP stream. No mark is the usual case: TLS from
/// the client itself. Marks follow the endpoint, separated by spaces: <c>127.0.0.1:8443 offload</c>,
/// <c>0.0.0.0:4443 proxy</c>, <c>10.0.0.5:8080 offload proxy</c>.
/// </summary>
[Flags]
public enum ListenerMarks
{
    /// <summary>TLS straight from the client.</summary>
    None = 0,

    /// <summary>TLS is terminated by a proxy in front: the listener reads plain HTTP, crypto binding uses <c>server.offload-cert</c>.</summary>
    Offload = 1,

    /// <summary>A PROXY protocol header (v1 or v2) from a trusted proxy comes first and names the real client.</summary>
    Proxy = 2,
}

/// <summary>Parses one item of <c>server.listen</c>: an endpoint and its marks.</summary>
public static class ListenSpec
{
    /// <summary>Parses <c>ADDR:PORT [offload] [proxy]</c>; marks are case-insensitive and may not repeat.</summary>
    /// <returns>False with <paramref name="error"/> (naming the bad part) when the item is not of that form.</returns>
    public static bool TryParse(string item, out IPEndPoint endpoint, out ListenerMarks marks, out string error)
    {
        ArgumentNullException.ThrowIfNull(item);
        marks = ListenerMarks.None;
        var words = item.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            endpoint = new IPEndPoint(IPAddress.Any, 0);
            error = "an empty listen item";
            return false;
        }

        if (!ConfigValueParser.TryParseEndpoint(words[0], out endpoint, out error))
        {
            return false;
        }

        foreach (var word in words.AsSpan(1))
        {
            var mark = word.ToLowerInvariant() switch
            {
                "offload" => ListenerMarks.Offload,
                "proxy" => ListenerMarks.Proxy,
                _ => ListenerMarks.None,
            };
            if (mark == ListenerMarks.None)
            {
                error = $"'{word}' in '{item}' is not a listener mark (use offload, proxy)";
                return false;
            }

            if ((marks & mark) != 0)
            {
                error = $"'{word}' is given twice in '{item}'";
                return false;
            }

            marks |= mark;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>The marks as written in the configuration ("offload proxy"), or "tls" for a plain listener.</summary>
    public static string Describe(ListenerMarks marks) => marks switch
    {
        ListenerMarks.None => "tls",
        ListenerMarks.Offload => "offload",
        ListenerMarks.Proxy => "proxy",
        _ => "offload proxy",
    };
}

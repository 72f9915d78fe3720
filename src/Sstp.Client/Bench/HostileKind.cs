namespace Sstp.Client.Bench;

/// <summary>The kinds of misbehaving connection <c>sstp bench hostile</c> makes.</summary>
public enum HostileKind
{
    /// <summary>TCP connect, then nothing: held until the server closes.</summary>
    TcpSilent,

    /// <summary>Bytes that are not a TLS ClientHello, right after the TCP connect.</summary>
    GarbageBeforeTls,

    /// <summary>A complete TLS handshake, then nothing.</summary>
    TlsSilent,

    /// <summary>A complete TLS handshake, then bytes that are not HTTP.</summary>
    TlsGarbage,

    /// <summary>The SSTP HTTP request, one byte a second.</summary>
    SlowHttp,

    /// <summary>A well-formed request with the wrong method or the wrong path.</summary>
    BadRequest,

    /// <summary>A request head with one header line far larger than any real one.</summary>
    OversizedHeader,

    /// <summary>After the HTTP exchange, an SSTP packet whose length is 0, 3 or far beyond what follows.</summary>
    BadLength,

    /// <summary>After Call Connect Request and its ACK, a control message of an unknown type.</summary>
    UnknownControl,

    /// <summary>Call Connect Request, then nothing: never authenticates.</summary>
    SstpSilent,

    /// <summary>A full client (MS-CHAPv2 or whatever is offered) with a wrong password.</summary>
    WrongPassword,

    /// <summary>A TCP reset (SO_LINGER 0) after the TCP connect, after TLS or after the HTTP request.</summary>
    ResetMidHandshake,

    /// <summary>Logs in, stops reading, and sends pings to the server's tunnel address so the replies fill the TCP window.</summary>
    StallReader,
}

/// <summary>Names of <see cref="HostileKind"/> on the command line and in reports.</summary>
public static class HostileKinds
{
    private static readonly (HostileKind Kind, string Name)[] Names =
    [
        (HostileKind.TcpSilent, "tcp-silent"),
        (HostileKind.GarbageBeforeTls, "garbage-before-tls"),
        (HostileKind.TlsSilent, "tls-silent"),
        (HostileKind.TlsGarbage, "tls-garbage"),
        (HostileKind.SlowHttp, "slow-http"),
        (HostileKind.BadRequest, "bad-request"),
        (HostileKind.OversizedHeader, "oversized-header"),
        (HostileKind.BadLength, "bad-length"),
        (HostileKind.UnknownControl, "unknown-control"),
        (HostileKind.SstpSilent, "sstp-silent"),
        (HostileKind.WrongPassword, "wrong-password"),
        (HostileKind.ResetMidHandshake, "reset-mid-handshake"),
        (HostileKind.StallReader, "stall-reader"),
    ];

    /// <summary>Every kind, in the order they are listed.</summary>
    public static IReadOnlyList<HostileKind> All { get; } = [.. Names.Select(n => n.Kind)];

    /// <summary>True for kinds that log in or try to, and so need <c>--user</c>.</summary>
    public static bool NeedsUser(HostileKind kind) => kind is HostileKind.WrongPassword or HostileKind.StallReader;

    /// <summary>The kind's name (<c>tcp-silent</c>, ...).</summary>
    public static string Name(HostileKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <summary>
    /// Parses <c>--kinds</c>: <c>all</c>, or names separated by commas (any case, duplicates ignored, listed order kept).
    /// </summary>
    public static bool TryParse(string text, out IReadOnlyList<HostileKind> kinds, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        kinds = [];
        problem = null;
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            kinds = All;
            return true;
        }

        var list = new List<HostileKind>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int i = Array.FindIndex(Names, n => n.Name.Equals(part, StringComparison.OrdinalIgnoreCase));
            if (i < 0)
            {
                problem = $"--kinds: '{part}' is not one of all, {string.Join(", ", Names.Select(n => n.Name))}";
                return false;
            }

            if (!list.Contains(Names[i].Kind))
            {
                list.Add(Names[i].Kind);
            }
        }

        if (list.Count == 0)
        {
            problem = "--kinds names no kind";
            return false;
        }

        kinds = list;
        return true;
    }
}

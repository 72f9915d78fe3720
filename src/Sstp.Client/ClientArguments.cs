using Sstp.Protocol.Ppp.Lcp;

namespace Sstp.Client;

/// <summary>Command-line values shared by <c>sstp client</c> and <c>sstp bench</c>.</summary>
public static class ClientArguments
{
    /// <summary>Parses <c>--auth</c>: <c>auto</c> or a comma list of <c>pap</c>, <c>chap</c>, <c>mschapv2</c>, <c>eap-mschapv2</c>.</summary>
    public static bool TryParseAuth(string text, out IReadOnlyList<AuthProtocolOption> list, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        list = [AuthProtocolOption.MsChapV2, AuthProtocolOption.ChapMd5, AuthProtocolOption.Pap];
        if (text.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var result = new List<AuthProtocolOption>();
        foreach (string name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            AuthProtocolOption? option = name.ToUpperInvariant() switch
            {
                "PAP" => AuthProtocolOption.Pap,
                "CHAP" => AuthProtocolOption.ChapMd5,
                "MSCHAPV2" => AuthProtocolOption.MsChapV2,
                "EAP-MSCHAPV2" or "EAP" => AuthProtocolOption.Eap,
                _ => null,
            };
            if (option is null)
            {
                problem = $"--auth: unknown method '{name}' (pap, chap, mschapv2, eap-mschapv2)";
                return false;
            }

            result.Add(option.Value);
        }

        if (result.Count == 0)
        {
            problem = "--auth: no method given";
            return false;
        }

        list = result;
        return true;
    }

    /// <summary>Parses <c>--write-merging</c>: <c>on</c> or <c>off</c>.</summary>
    public static bool TryParseWriteMerging(string text, out bool merge, out string? problem) =>
        TryParseOnOff("--write-merging", text, out merge, out problem);

    /// <summary>Parses <c>--tun-offload</c>: <c>on</c> or <c>off</c>.</summary>
    public static bool TryParseTunOffload(string text, out bool offload, out string? problem) =>
        TryParseOnOff("--tun-offload", text, out offload, out problem);

    private static bool TryParseOnOff(string option, string text, out bool on, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        on = text.Equals("on", StringComparison.OrdinalIgnoreCase);
        if (on || text.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        problem = $"{option}: '{text}' is neither on nor off";
        return false;
    }
}

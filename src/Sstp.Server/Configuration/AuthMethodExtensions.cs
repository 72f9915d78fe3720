using Sstp.Protocol.Ppp.Lcp;

namespace Sstp.Server.Configuration;

/// <summary>Names of <see cref="AuthMethod"/> in the configuration, and their LCP Authentication-Protocol value.</summary>
public static class AuthMethodExtensions
{
    private static readonly (AuthMethod Method, string Name)[] Names =
    [
        (AuthMethod.Pap, "pap"),
        (AuthMethod.Chap, "chap"),
        (AuthMethod.MsChapV2, "mschapv2"),
        (AuthMethod.EapMsChapV2, "eap-mschapv2"),
    ];

    /// <summary>Every name accepted by <c>server.auth</c>, in declaration order.</summary>
    public static IReadOnlyList<string> ConfigNames { get; } = Array.ConvertAll(Names, n => n.Name);

    /// <summary>The name used in the configuration (<c>pap</c>, <c>chap</c>, <c>mschapv2</c>, <c>eap-mschapv2</c>).</summary>
    public static string ToConfigName(this AuthMethod method)
    {
        foreach (var (m, name) in Names)
        {
            if (m == method)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown authentication method.");
    }

    /// <summary>Parses a configuration name, case-insensitively. Returns false for an unknown name.</summary>
    public static bool TryParse(string name, out AuthMethod method)
    {
        foreach (var (m, n) in Names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                method = m;
                return true;
            }
        }

        method = default;
        return false;
    }

    /// <summary>
    /// The LCP Authentication-Protocol option that offers this method (RFC 1661 §6.2): EAP is offered as
    /// plain EAP (<c>C2 27</c>); MS-CHAPv2 is the EAP type the authenticator then proposes.
    /// </summary>
    public static AuthProtocolOption ToAuthProtocolOption(this AuthMethod method) => method switch
    {
        AuthMethod.Pap => AuthProtocolOption.Pap,
        AuthMethod.Chap => AuthProtocolOption.ChapMd5,
        AuthMethod.MsChapV2 => AuthProtocolOption.MsChapV2,
        AuthMethod.EapMsChapV2 => AuthProtocolOption.Eap,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown authentication method."),
    };
}

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>The result of a successful authentication.</summary>
/// <param name="UserName">The user name as the peer sent it (may hold <c>DOMAIN\</c>).</param>
/// <param name="Method">The method used.</param>
/// <param name="Hlak">
/// The 32-byte SSTP Higher-Layer Authentication Key (SSTP.md §8.3): zeros for PAP/CHAP-MD5,
/// <c>K(Magic2) ‖ K(Magic3)</c> for MS-CHAPv2 and EAP-MSCHAPv2 (the same on both sides).
/// </param>
public sealed record AuthOutcome(string UserName, AuthMethod Method, byte[] Hlak)
{
    /// <summary>Length of the HLAK.</summary>
    public const int HlakLength = 32;
}

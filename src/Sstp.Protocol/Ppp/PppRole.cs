namespace Sstp.Protocol.Ppp;

/// <summary>Which end of the SSTP tunnel a PPP layer negotiates for; selects the option policy (PPP.md §5.3–§5.5, §7).</summary>
public enum PppRole
{
    /// <summary>The SSTP server: the authenticator and the address assigner.</summary>
    Server = 0,

    /// <summary>The SSTP client: authenticates to the server and learns its addresses.</summary>
    Client = 1,
}

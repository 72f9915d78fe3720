namespace Sstp.Protocol.Ppp.Auth;

/// <summary>Settings of the peer (client) machines: who we are and what we accept.</summary>
public sealed class AuthPeerSettings
{
    /// <summary>Creates settings from a user name and a password string.</summary>
    public AuthPeerSettings(string user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        User = user;
        Password = password.AsMemory();
    }

    /// <summary>Creates settings from a user name and a password the caller may wipe after the session.</summary>
    public AuthPeerSettings(string user, char[] password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        User = user;
        Password = password;
    }

    /// <summary>User name as sent (PAP Peer-ID, CHAP Name, EAP Identity), possibly <c>DOMAIN\user</c>.</summary>
    public string User { get; }

    /// <summary>The password (not copied).</summary>
    public ReadOnlyMemory<char> Password { get; }

    /// <summary>EAP methods we run, in preference order (listed in a Legacy Nak). Default: EAP-MSCHAPv2 only.</summary>
    public IReadOnlyList<EapType> AllowedEapTypes { get; init; } = [EapType.MsChapV2];

    /// <summary>PAP restart timer (RFC 1334 §2.2; 3 s).</summary>
    public TimeSpan RestartInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>PAP retransmissions before giving up.</summary>
    public int MaxRetransmissions { get; init; } = 10;

    /// <summary>The authentication phase must end within this time of <c>Start</c>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}

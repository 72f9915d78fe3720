using System.Net;

namespace Sstp.Server.Configuration;

/// <summary>The <c>[radius]</c> section: RADIUS servers for authentication and accounting, and the DM/CoA listener.</summary>
public sealed record RadiusOptions
{
    /// <summary>The default authentication port (RFC 2865); accounting uses the next port unless configured.</summary>
    public const int DefaultPort = 1812;

    /// <summary><c>radius.servers</c>: authentication servers in priority order; empty = local users only.</summary>
    public IReadOnlyList<IPEndPoint> Servers { get; init; } = [];

    /// <summary><c>radius.accounting</c>: accounting endpoints, one per server; empty = each server's port + 1.</summary>
    public IReadOnlyList<IPEndPoint> Accounting { get; init; } = [];

    /// <summary><c>radius.secret-file</c>: the shared secret(s), never given on the command line.</summary>
    public string? SecretFile { get; init; }

    /// <summary><c>radius.das</c>: where to listen for Disconnect and CoA requests (RFC 5176), or null.</summary>
    public IPEndPoint? Das { get; init; }

    /// <summary><c>radius.nas-identifier</c>: the NAS-Identifier sent to RADIUS; null = the host name.</summary>
    public string? NasIdentifier { get; init; }

    /// <summary>
    /// <c>radius.require-message-authenticator</c>: refuse Access-Accept/Reject/Challenge without a valid
    /// Message-Authenticator (BlastRADIUS, CVE-2024-3596). Default true; turn off only for servers that do not sign
    /// their answers (FreeRADIUS before 3.2.5 signs only EAP answers unless told to).
    /// </summary>
    public bool RequireMessageAuthenticator { get; init; } = true;

    /// <summary>
    /// <c>radius.min-interim-interval</c>: the shortest Acct-Interim-Interval the server honours; a shorter one from
    /// the Access-Accept is raised to it (RFC 2869 §5.16 advises against intervals under 60 s). Default 60 s.
    /// </summary>
    public TimeSpan MinInterimInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>True when RADIUS replaces the users file.</summary>
    public bool Enabled => Servers.Count > 0;

    /// <summary>The accounting endpoint of server <paramref name="index"/>.</summary>
    public IPEndPoint AccountingFor(int index) =>
        index < Accounting.Count ? Accounting[index] : new IPEndPoint(Servers[index].Address, Servers[index].Port + 1);
}

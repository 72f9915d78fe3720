using System.Net;
using Microsoft.Extensions.Logging;
using Sstp.Protocol.Sstp;

namespace Sstp.Server.Configuration;

/// <summary>
/// The whole server configuration: an immutable snapshot built from the embedded defaults, the INI file and
/// the command line (in that order of precedence, last wins), then checked by
/// <see cref="ServerOptionsValidator"/>. A reload builds a new snapshot; nothing here is ever mutated.
/// Every property maps to one key of <c>docs/CONFIGURATION.md</c> (see <see cref="ConfigKeys"/>).
/// </summary>
public sealed record ServerOptions
{
    /// <summary>The embedded defaults: what <c>sstp server</c> runs with when given no file and no options.</summary>
    public static ServerOptions Default { get; } = new();

    /// <summary>
    /// <c>server.listen</c>: the TCP endpoints to accept TLS on. Default <c>[::]:443</c> and <c>0.0.0.0:443</c>
    /// (both families, so the server works whether or not the IPv6 socket is dual-stack).
    /// </summary>
    public IReadOnlyList<IPEndPoint> Listen { get; init; } =
        [new IPEndPoint(IPAddress.IPv6Any, 443), new IPEndPoint(IPAddress.Any, 443)];

    /// <summary>
    /// The marks of the <see cref="Listen"/> endpoints that have any (<c>offload</c>, <c>proxy</c>); an endpoint
    /// missing here is a plain TLS listener.
    /// </summary>
    public IReadOnlyDictionary<IPEndPoint, ListenerMarks> ListenerMarks { get; init; } = new Dictionary<IPEndPoint, ListenerMarks>();

    /// <summary>
    /// <c>server.trusted-proxies</c>: the only sources whose PROXY header (and, on an <c>offload</c> listener
    /// without <c>proxy</c>, whose <c>X-Forwarded-For</c>) is believed. Empty by default, so
    /// nobody is trusted; a <c>proxy</c> listener refuses connections from anywhere else.
    /// </summary>
    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>
    /// <c>server.offload-cert</c>: the PEM certificate the TLS-terminating proxy presents to clients; its hashes
    /// are the crypto binding hashes of sessions on <c>offload</c> listeners. Null when there is none.
    /// </summary>
    public string? OffloadCertificatePath { get; init; }

    /// <summary><c>server.cert</c> and <c>server.key</c>: the certificate; by default self-signed in the state directory.</summary>
    public TlsOptions Tls { get; init; } = new();

    /// <summary><c>server.state-dir</c>: where the server keeps what it generates (the self-signed certificate). Default <c>/var/lib/sstp</c>.</summary>
    public string StateDirectory { get; init; } = "/var/lib/sstp";

    /// <summary><c>server.users</c>: the users file managed by <c>sstp user</c>. Default <c>/etc/sstp/users</c>.</summary>
    public string UsersFile { get; init; } = "/etc/sstp/users";

    /// <summary>
    /// <c>server.auth</c>: the PPP authentication methods offered, in order of preference. Default MS-CHAPv2
    /// then EAP-MSCHAPv2: every known SSTP client speaks one of them (the Windows profiles use exactly these
    /// two), both give the crypto binding real keys, and neither sends the password. PAP and CHAP-MD5 are
    /// opt-in.
    /// </summary>
    public IReadOnlyList<AuthMethod> Auth { get; init; } = [AuthMethod.MsChapV2, AuthMethod.EapMsChapV2];

    /// <summary><c>server.crypto-binding</c>: how the CALL_CONNECTED crypto binding is checked. Default <see cref="CryptoBindingPolicy.Enforce"/>.</summary>
    public CryptoBindingPolicy CryptoBinding { get; init; } = CryptoBindingPolicy.Enforce;

    /// <summary><c>server.hello-interval</c>: idle time before an SSTP ECHO_REQUEST. Default 60 s [MS-SSTP §3.1.2.3].</summary>
    public TimeSpan HelloInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>server.log-level</c>: the least severe level written. Default <see cref="LogLevel.Information"/>.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary><c>server.log-format</c>: how each log line is written. Default <see cref="LogFormat.Text"/>.</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>
    /// <c>server.user</c>: the unprivileged user the server switches to once the TUN device, the listeners and
    /// the other sockets are open (keeping only CAP_NET_ADMIN), or null (the default) to stay as started.
    /// </summary>
    public string? User { get; init; }

    /// <summary>The client address pools and the DNS servers announced to clients.</summary>
    public PoolOptions Pool { get; init; } = new();

    /// <summary>The TUN interface, its MTU and NAT.</summary>
    public TunnelOptions Tunnel { get; init; } = new();

    /// <summary>Session limits.</summary>
    public LimitsOptions Limits { get; init; } = new();

    /// <summary>
    /// <c>server.web-backend</c>: the plain-HTTP website that requests other than SSTP are relayed to, or null (the
    /// default, <c>off</c>) to refuse them with an error page as before.
    /// </summary>
    public IPEndPoint? WebBackend { get; init; }

    /// <summary><c>metrics.listen</c>: where to serve Prometheus <c>/metrics</c>, or null (the default) for no endpoint.</summary>
    public IPEndPoint? MetricsListen { get; init; }

    /// <summary>
    /// <c>control.socket</c>: the Unix socket <c>sstp ctl</c> talks to, or null when disabled. Default
    /// <c>/run/sstp/sstp.sock</c>.
    /// </summary>
    public string? ControlSocket { get; init; } = "/run/sstp/sstp.sock";

    /// <summary>The <c>[radius]</c> section.</summary>
    public RadiusOptions Radius { get; init; } = new();
}

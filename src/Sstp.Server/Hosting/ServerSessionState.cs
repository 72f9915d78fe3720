using System.Net;
using Sstp.IO.Tls;
using Sstp.Protocol.Policing;

namespace Sstp.Server.Hosting;

/// <summary>What the server knows about one connection besides its session (kept as the driver's host state).</summary>
internal sealed class ServerSessionState(long id, IPEndPoint? peer, TlsConnection? tls, Stream stream, DateTimeOffset started)
{
    /// <summary>Server-unique session number, in every log line of the session.</summary>
    public long Id { get; } = id;

    /// <summary>The client's TCP address.</summary>
    public IPEndPoint? Peer { get; } = peer;

    /// <summary>The TLS connection (protocol and cipher for the log); null on an offload listener.</summary>
    public TlsConnection? Tls { get; } = tls;

    /// <summary>The stream the session runs on: the TLS stream, or plain TCP on an offload listener. Disposing it closes the connection.</summary>
    public Stream Stream { get; } = stream;

    /// <summary>The marks of the listener that accepted the connection (offload, proxy).</summary>
    public Configuration.ListenerMarks Listener { get; init; }

    /// <summary>The TLS version for logs and <c>sstp ctl</c>: "offload" when the proxy ended TLS.</summary>
    public string TlsProtocol => Tls?.Protocol.ToString() ?? "offload";

    /// <summary>The cipher suite for logs and <c>sstp ctl</c>: the proxy's, unknown here, on an offload listener.</summary>
    public string TlsCipher => Tls?.CipherSuite.ToString() ?? "-";

    /// <summary>When TCP was accepted.</summary>
    public DateTimeOffset Started { get; } = started;

    /// <summary>The authenticated user, once known.</summary>
    public string? User { get; set; }

    /// <summary>The client's SSTPCORRELATIONID, published when the tunnel comes up (for <c>sstp ctl sessions</c>).</summary>
    public string? CorrelationId { get; set; }

    /// <summary>The session's logging scope (id, correlation id, user, peer), open around its whole flow.</summary>
    public Diagnostics.SessionLogContext LogContext { get; init; } = new(id, peer);

    /// <summary>True once the user counts against the per-user limit.</summary>
    public bool CountedForUser { get; set; }

    /// <summary>Our endpoint of the TCP connection (RADIUS Called-Station-Id).</summary>
    public IPEndPoint? Local { get; init; }

    /// <summary>True when <see cref="IPv4"/> came from the pool (rather than from RADIUS Framed-IP-Address).</summary>
    public bool IPv4FromPool { get; set; }

    /// <summary>The client's IPv4 address, while leased.</summary>
    public IPAddress? IPv4 { get; set; }

    /// <summary>The client's IPv6 /64, while leased.</summary>
    public IPNetwork? IPv6Prefix { get; set; }

    /// <summary>Whether a Router Advertisement was sent for the current IPv6 link.</summary>
    public bool RouterAdvertised { get; set; }

    /// <summary>Packets dropped because their source was not the session's address.</summary>
    public long Spoofed { get; set; }

    /// <summary>The Acct-Session-Id of this session (also how RADIUS Disconnect-Requests find it).</summary>
    public string AcctSessionId { get; } = Aaa.AcctSessionIds.New();

    /// <summary>What RADIUS authorized (addresses, timeouts, Class), when RADIUS authenticated the user.</summary>
    public Protocol.Radius.RadiusAuthorization? Authorization { get; set; }

    /// <summary>The EAP-Response/Identity of the first EAP round: the User-Name of the later ones.</summary>
    public string? EapIdentity { get; set; }

    /// <summary>The State attribute of the last Access-Challenge (EAP pass-through).</summary>
    public byte[]? RadiusState { get; set; }

    /// <summary>True when <see cref="IPv6Prefix"/> came from the pool (allocated, or a RADIUS /64 reserved in it).</summary>
    public bool IPv6FromPool { get; set; }

    /// <summary>
    /// Kernel routes on the TUN added for this session (a RADIUS address or /64 outside the pools, Framed-Routes).
    /// Touched on the session's loop, and at teardown after the loop ended.
    /// </summary>
    public List<IPNetwork> KernelRoutes { get; } = [];

    /// <summary>The <c>ip route add</c> commands of <see cref="KernelRoutes"/>, chained; awaited before they are removed.</summary>
    public Task? RouteSetup { get; set; }

    /// <summary>The Framed-Route / Framed-IPv6-Route prefixes this session holds in the server's prefix router.</summary>
    public List<IPNetwork> RoutedPrefixes { get; } = [];

    /// <summary>The accounting record of this session, once accounting started.</summary>
    public Aaa.AccountingSession? Accounting { get; set; }

    /// <summary>Cancels the session's timers (Session-Timeout, Idle-Timeout, interim accounting).</summary>
    public CancellationTokenSource Timers { get; } = new();

    /// <summary>The policers of both directions and the rate limit in force.</summary>
    public SessionRateLimiter Rate { get; } = new();

    /// <summary>The users file's <c>rate=</c> of a local user (unspecified otherwise).</summary>
    public RateLimit UserRate { get; set; }

    /// <summary>The rate set by RADIUS CoA-Requests so far (the newest wins per direction); unspecified before any.</summary>
    public RateLimit CoaRate { get; set; }

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the TCP accept, for the setup time.</summary>
    public long AcceptedAt { get; init; }

    /// <summary>Timestamp of the last setup milestone reached.</summary>
    public long SetupMark { get; set; }

    /// <summary>The last setup milestone reached.</summary>
    public SstpServer.SetupStage SetupStage { get; set; }

    /// <summary>The <c>auth_method</c> label once the tunnel is up (the session then counts as active).</summary>
    public string? MetricsAuthMethod { get; set; }

    /// <summary>True once the session closed (no longer active, though still in the table).</summary>
    public bool MetricsClosed { get; set; }

    /// <summary>The current Session-Timeout deadline source (replaced by a CoA).</summary>
    public CancellationTokenSource? SessionTimeout { get; set; }

    /// <summary>The refusal reason of the setup deadline that ended the session (e.g. <c>http_timeout</c>), or null.</summary>
    public string? DeadlineRefusal { get; set; }
}

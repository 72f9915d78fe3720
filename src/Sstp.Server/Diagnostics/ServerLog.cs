using System.Net;
using Microsoft.Extensions.Logging;

namespace Sstp.Server.Diagnostics;

/// <summary>
/// Every log line of the server, source-generated (ARCHITECTURE.md C9). Event ids: 1xxx server and sessions,
/// 2xxx TLS/HTTP refusals, 4xxx authentication (43xx RADIUS dynamic authorization), 5xxx TUN, 6xxx RADIUS
/// client and accounting. Lines of a session also carry its <see cref="SessionLogContext"/> as a scope. No
/// password, hash, key or secret is ever a parameter (a test checks the parameter names). Every line that
/// refuses or ends a session names the cause and the Windows error the user sees.
/// </summary>
internal static partial class ServerLog
{
    [LoggerMessage(1000, LogLevel.Information, "sstp server listening on {Endpoints}; TUN {Tun} MTU {Mtu}; IPv4 pool {Pool4}; IPv6 pool {Pool6}; auth {Auth}")]
    public static partial void Started(ILogger logger, string endpoints, string tun, int mtu, string pool4, string pool6, string auth);

    [LoggerMessage(1001, LogLevel.Information, "Certificate {Subject}, valid until {NotAfter:yyyy-MM-dd}; SHA-256 {Sha256} (clients pin this)")]
    public static partial void Certificate(ILogger logger, string subject, DateTime notAfter, string sha256);

    [LoggerMessage(1002, LogLevel.Information, "Session {SessionId} up: user {User} from {Peer}, address {Address}{Ipv6}, auth {Method}, {TlsProtocol} {Cipher}, binding {BindingHash} {Binding}, MTU {Mtu}, correlation {CorrelationId}, rate {Rate}")]
    public static partial void SessionUp(ILogger logger, long sessionId, string user, IPEndPoint? peer, IPAddress? address, string ipv6, string method, string tlsProtocol, string cipher, string bindingHash, string binding, int mtu, string correlationId, string rate);

    [LoggerMessage(1003, LogLevel.Information, "Session {SessionId} closed: {Reason} ({Detail}); user {User} from {Peer}; {Duration:0.0} s; in {BytesIn} B / {PacketsIn} pkts, out {BytesOut} B / {PacketsOut} pkts ({DroppedOut} dropped in the queue); rate {Rate}, RateLimited drops in {RateLimitedIn} / out {RateLimitedOut} pkts; Windows error {WindowsError}")]
    public static partial void SessionClosed(ILogger logger, long sessionId, string reason, string detail, string user, IPEndPoint? peer, double duration, long bytesIn, long packetsIn, long bytesOut, long packetsOut, long droppedOut, string rate, long rateLimitedIn, long rateLimitedOut, int windowsError);

    [LoggerMessage(1009, LogLevel.Information, "Prometheus metrics at http://{Endpoint}/metrics")]
    public static partial void MetricsListening(ILogger logger, IPEndPoint endpoint);

    [LoggerMessage(1010, LogLevel.Information, "Memory: connections fell from {Peak} to {Open}; returned memory to the system, resident {Before:0} MiB -> {After:0} MiB (managed heap {Heap:0.0} MiB)")]
    public static partial void MemoryTrimmed(ILogger logger, int peak, int open, double before, double after, double heap);

    [LoggerMessage(1008, LogLevel.Information, "Session {SessionId}: rate limit of user {User} changed by RADIUS CoA from {Before} to {After}")]
    public static partial void RateChanged(ILogger logger, long sessionId, string user, string before, string after);

    [LoggerMessage(1004, LogLevel.Warning, "Session {SessionId} failed: {Reason} ({Detail}); user {User} from {Peer}; Windows error {WindowsError}")]
    public static partial void SessionFailed(ILogger logger, long sessionId, string reason, string detail, string user, IPEndPoint? peer, int windowsError);

    [LoggerMessage(1005, LogLevel.Information, "Stopping: closing {Sessions} session(s)")]
    public static partial void Stopping(ILogger logger, int sessions);

    [LoggerMessage(1006, LogLevel.Information, "Stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(1007, LogLevel.Debug, "Session {SessionId} accepted from {Peer} on a {Listener} listener")]
    public static partial void Accepted(ILogger logger, long sessionId, IPEndPoint? peer, string listener);

    [LoggerMessage(2000, LogLevel.Warning, "Connection from {Peer} refused: {Reason}")]
    public static partial void Refused(ILogger logger, IPEndPoint? peer, string reason);

    [LoggerMessage(2001, LogLevel.Information, "TLS handshake with {Peer} failed: {Error}")]
    public static partial void TlsFailed(ILogger logger, IPEndPoint? peer, string error);

    [LoggerMessage(2002, LogLevel.Warning, "Session {SessionId} from {Peer}: HTTP request refused ({Reason}), correlation {CorrelationId}; Windows error {WindowsError}")]
    public static partial void HttpRefused(ILogger logger, long sessionId, IPEndPoint? peer, string reason, string correlationId, int windowsError);

    [LoggerMessage(2300, LogLevel.Debug, "Connection from {Peer} through the proxy {Proxy} (PROXY v{Version})")]
    public static partial void ProxyHeader(ILogger logger, IPEndPoint? peer, IPEndPoint? proxy, int version);

    [LoggerMessage(2302, LogLevel.Debug, "Connection from {Peer} through the proxy {Proxy} (X-Forwarded-For)")]
    public static partial void ForwardedFor(ILogger logger, IPEndPoint? peer, IPEndPoint? proxy);

    [LoggerMessage(2303, LogLevel.Warning, "Listening behind a load balancer with the default {Pools}: every node left at the defaults hands out the same addresses; give each node its own pools (or pool.ipv6 = off)")]
    public static partial void DefaultPoolsBehindBalancer(ILogger logger, string pools);

    [LoggerMessage(2301, LogLevel.Warning, "Session {SessionId} from {Peer} ({Listener} listener): the client bound the tunnel to another certificate than ours: TLS is terminated by something else (offload or TLS inspection)")]
    public static partial void TlsTerminatedElsewhere(ILogger logger, long sessionId, IPEndPoint? peer, string listener);

    [LoggerMessage(4000, LogLevel.Warning, "Session {SessionId}: authentication failed for user {User} from {Peer} ({Method}): {Why}; Windows error {WindowsError}")]
    public static partial void AuthFailed(ILogger logger, long sessionId, string user, IPEndPoint? peer, string method, string why, int windowsError);

    [LoggerMessage(4001, LogLevel.Warning, "Session {SessionId}: user {User} refused: {Why}; Windows error {WindowsError}")]
    public static partial void UserRefused(ILogger logger, long sessionId, string user, string why, int windowsError);

    [LoggerMessage(4010, LogLevel.Warning, "Session {SessionId}: user {User}: RADIUS {What}")]
    public static partial void RadiusIgnored(ILogger logger, long sessionId, string user, string what);

    [LoggerMessage(4011, LogLevel.Information, "Session {SessionId}: user {User}: {Route} routed to the session")]
    public static partial void Routed(ILogger logger, long sessionId, string user, string route);

    [LoggerMessage(5000, LogLevel.Error, "TUN {Tun} failed: {Error}")]
    public static partial void TunFailed(ILogger logger, string tun, string error);

    [LoggerMessage(5001, LogLevel.Warning, "Session {SessionId}: dropped a packet from source {Source} that is not the session's address")]
    public static partial void Spoofed(ILogger logger, long sessionId, string source);

    [LoggerMessage(5002, LogLevel.Error, "Session {SessionId}: unexpected error")]
    public static partial void SessionBug(ILogger logger, long sessionId, Exception error);

    [LoggerMessage(5003, LogLevel.Information, "NAT: {Action}")]
    public static partial void Nat(ILogger logger, string action);

    [LoggerMessage(1100, LogLevel.Information, "Control socket at {Path} (sstp ctl)")]
    public static partial void ControlListening(ILogger logger, string path);

    [LoggerMessage(1101, LogLevel.Warning, "Control socket {Path} was left by a server that is gone; replaced it")]
    public static partial void ControlStaleRemoved(ILogger logger, string path);

    [LoggerMessage(1102, LogLevel.Warning, "Control socket: refused a connection from pid {Pid} uid {Uid} (only root and the server's user may use it)")]
    public static partial void ControlRefused(ILogger logger, int pid, uint uid);

    [LoggerMessage(1103, LogLevel.Debug, "Control socket: {Command} from {Caller}")]
    public static partial void ControlRequest(ILogger logger, string command, string caller);

    [LoggerMessage(1104, LogLevel.Warning, "Control socket: bad request from {Caller}: {Error}")]
    public static partial void ControlBadRequest(ILogger logger, string caller, string error);

    [LoggerMessage(1105, LogLevel.Information, "Session {SessionId} of user {User} from {Peer} kicked by sstp ctl ({Caller})")]
    public static partial void Kicked(ILogger logger, long sessionId, string user, IPEndPoint? peer, string caller);

    [LoggerMessage(1106, LogLevel.Information, "Draining (asked by sstp ctl, {Caller}): listeners closed, /health answers 503, {Sessions} session(s) left, deadline {Deadline}")]
    public static partial void DrainStarted(ILogger logger, string caller, int sessions, string deadline);

    [LoggerMessage(1107, LogLevel.Information, "Drain finished: {Why}")]
    public static partial void DrainFinished(ILogger logger, string why);

    [LoggerMessage(2100, LogLevel.Warning, "Refused {Count} more connection(s) from {Source} in the last {Window} s: {Reason}")]
    public static partial void RefusedSummary(ILogger logger, string source, long count, double window, string reason);

    [LoggerMessage(2101, LogLevel.Warning, "Connection from {Peer} closed: {Phase} not done within {Limit} s")]
    public static partial void DeadlineExpired(ILogger logger, IPEndPoint? peer, string phase, double limit);

    [LoggerMessage(2102, LogLevel.Warning, "Source {Source} banned until {Until:yyyy-MM-dd HH:mm:ss} UTC after {Failures} failed login(s); users tried: {Users}")]
    public static partial void BanStarted(ILogger logger, string source, DateTime until, int failures, string users);

    [LoggerMessage(2103, LogLevel.Information, "Source {Source} is no longer banned")]
    public static partial void BanEnded(ILogger logger, string source);

    [LoggerMessage(2104, LogLevel.Warning, "Stop: {Count} session(s) did not close within {Seconds} s; their connections were aborted")]
    public static partial void StopAborted(ILogger logger, int count, double seconds);

    [LoggerMessage(1300, LogLevel.Information, "Switched to user {User} (uid {Uid}, gid {Gid}, groups {Groups}); capabilities kept: {Capabilities} on the thread that starts ip/nft (ambient for them); every other thread holds none")]
    public static partial void PrivilegesDropped(ILogger logger, string user, uint uid, uint gid, string groups, string capabilities);

    [LoggerMessage(1301, LogLevel.Critical, "Cannot switch to user {User}: {Error}; stopping rather than run on with the privileges the server started with")]
    public static partial void PrivilegeDropFailed(ILogger logger, string user, string error);

    [LoggerMessage(1302, LogLevel.Warning, "systemd notification {Message} failed: {Error} (further failures are not logged)")]
    public static partial void NotifyFailed(ILogger logger, string message, string error);

    [LoggerMessage(1200, LogLevel.Information, "Reload: applied; changed: {Changed}; kept: {Kept}")]
    public static partial void Reloaded(ILogger logger, string changed, string kept);

    [LoggerMessage(1201, LogLevel.Warning, "Reload: needs a restart: {Setting} (the running value stays)")]
    public static partial void ReloadNeedsRestart(ILogger logger, string setting);

    [LoggerMessage(1202, LogLevel.Error, "Reload failed, nothing was changed: {Why}")]
    public static partial void ReloadFailed(ILogger logger, string why);

    [LoggerMessage(1203, LogLevel.Information, "Certificate {Subject}, SHA-256 {Sha256}, valid until {NotAfter:yyyy-MM-dd} ({Days} days left)")]
    public static partial void CertificateInUse(ILogger logger, string subject, string sha256, DateTimeOffset notAfter, int days);

    [LoggerMessage(1204, LogLevel.Warning, "Certificate {Subject} expires in {Days} days ({NotAfter:yyyy-MM-dd HH:mm} UTC): renew it")]
    public static partial void CertificateExpiresSoon(ILogger logger, string subject, int days, DateTimeOffset notAfter);

    [LoggerMessage(1205, LogLevel.Error, "Certificate {Subject} expires in {Days} days ({NotAfter:yyyy-MM-dd HH:mm} UTC): renew it now")]
    public static partial void CertificateExpiresVerySoon(ILogger logger, string subject, int days, DateTimeOffset notAfter);

    [LoggerMessage(1206, LogLevel.Error, "Certificate {Subject} expired on {NotAfter:yyyy-MM-dd HH:mm} UTC: clients that check it refuse the server")]
    public static partial void CertificateExpired(ILogger logger, string subject, DateTimeOffset notAfter);

    [LoggerMessage(1207, LogLevel.Warning, "Certificate {Subject}: {Problem}")]
    public static partial void CertificateChainIncomplete(ILogger logger, string subject, string problem);

    [LoggerMessage(1208, LogLevel.Information, "Certificate {Subject} is self-signed: clients must pin its SHA-256 or trust it by hand")]
    public static partial void CertificateSelfSigned(ILogger logger, string subject);

    [LoggerMessage(1209, LogLevel.Information, "Reload: session {SessionId} keeps {Address} outside the new pool until it ends")]
    public static partial void ReloadLeaseKept(ILogger logger, long sessionId, string address);

    [LoggerMessage(2400, LogLevel.Debug, "Connection from {Peer} was not SSTP: relayed to the website ({Result}, {ToBackend} bytes up, {ToClient} bytes down)")]
    public static partial void WebRelayed(ILogger logger, IPEndPoint? peer, string result, long toBackend, long toClient);

    [LoggerMessage(2401, LogLevel.Warning, "The website backend {Backend} did not accept a connection; the client from {Peer} got 502")]
    public static partial void WebBackendUnreachable(ILogger logger, IPEndPoint backend, IPEndPoint? peer);

    [LoggerMessage(2402, LogLevel.Warning, "Connection from {Peer} closed: {Limit} connections are already relayed to the website")]
    public static partial void WebRelayLimit(ILogger logger, IPEndPoint? peer, int limit);
}

using System.Net;
using Microsoft.Extensions.Logging;

namespace Sstp.Server.Aaa;

/// <summary>
/// The log lines of the Dynamic Authorization listener, source-generated (ARCHITECTURE.md C9), event ids
/// 43xx in the AAA block. Secrets and authenticators are never parameters.
/// </summary>
internal static partial class DasLog
{
    [LoggerMessage(4300, LogLevel.Information, "RADIUS dynamic authorization (RFC 5176) listening on {Endpoint} for {Clients} client(s)")]
    public static partial void Listening(ILogger logger, IPEndPoint endpoint, int clients);

    [LoggerMessage(4301, LogLevel.Warning, "Dynamic authorization: dropped a request from {Source}, which is not a configured client (logged once per address)")]
    public static partial void UnknownClient(ILogger logger, IPEndPoint source);

    [LoggerMessage(4302, LogLevel.Warning, "Dynamic authorization: dropped a request from {Source} that failed verification ({Error}; wrong secret?) (logged once per address)")]
    public static partial void VerificationFailed(ILogger logger, IPEndPoint source, string error);

    [LoggerMessage(4303, LogLevel.Warning, "Dynamic authorization: dropped a malformed packet from {Source} ({Error}) (logged once per address)")]
    public static partial void Malformed(ILogger logger, IPEndPoint source, string error);

    [LoggerMessage(4304, LogLevel.Warning, "Dynamic authorization: dropped a packet with code {Code} from {Source}: only Disconnect-Request and CoA-Request are served (logged once per address)")]
    public static partial void UnexpectedCode(ILogger logger, IPEndPoint source, int code);

    [LoggerMessage(4305, LogLevel.Warning, "Dynamic authorization: dropped request {Identifier} from {Source}: Event-Timestamp is {Skew} s away from our clock (RFC 5176 §3.5 replay protection)")]
    public static partial void Stale(ILogger logger, IPEndPoint source, int identifier, long skew);

    [LoggerMessage(4306, LogLevel.Debug, "Dynamic authorization: request {Identifier} from {Source} is a retransmission; sent the same answer again")]
    public static partial void Duplicate(ILogger logger, IPEndPoint source, int identifier);

    [LoggerMessage(4307, LogLevel.Information, "Dynamic authorization: {Request} {Identifier} from {Source} (Acct-Session-Id {AcctSessionId}, User-Name {UserName}, Framed-IP {FramedIp}, Session-Timeout {SessionTimeout}, rate {Rate}) answered {Answer} {ErrorCause}")]
    public static partial void Answered(ILogger logger, string request, int identifier, IPEndPoint source, string? acctSessionId, string? userName, IPAddress? framedIp, TimeSpan? sessionTimeout, string rate, string answer, string errorCause);

    [LoggerMessage(4308, LogLevel.Error, "Dynamic authorization: the session control failed on {Request} {Identifier} from {Source}; answered NAK Resources-Unavailable")]
    public static partial void ControlFailed(ILogger logger, string request, int identifier, IPEndPoint source, Exception error);

    [LoggerMessage(4309, LogLevel.Warning, "Dynamic authorization: receive failed: {Error}")]
    public static partial void ReceiveFailed(ILogger logger, string error);

    [LoggerMessage(4310, LogLevel.Warning, "Dynamic authorization: could not send the answer to {Source}: {Error}")]
    public static partial void SendFailed(ILogger logger, IPEndPoint source, string error);

    [LoggerMessage(4312, LogLevel.Error, "Dynamic authorization: failed to handle a datagram from {Source}; dropped it")]
    public static partial void ProcessingFailed(ILogger logger, IPEndPoint source, Exception error);

    [LoggerMessage(4311, LogLevel.Information, "RADIUS dynamic authorization listener on {Endpoint} stopped")]
    public static partial void Stopped(ILogger logger, IPEndPoint endpoint);
}

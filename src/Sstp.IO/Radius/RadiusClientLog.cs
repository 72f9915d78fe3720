using System.Net;
using Microsoft.Extensions.Logging;

namespace Sstp.IO.Radius;

/// <summary>Log lines of <see cref="RadiusClient"/> (event ids 60xx). No secret or attribute value is logged.</summary>
internal static partial class RadiusClientLog
{
    [LoggerMessage(6000, LogLevel.Warning, "RADIUS server {Server} did not answer after {Tries} tries; skipping it for {DeadTime} s")]
    public static partial void ServerTimedOut(ILogger logger, IPEndPoint server, int tries, double deadTime);

    [LoggerMessage(6001, LogLevel.Warning, "RADIUS {Kind} request: none of {Servers} server(s) answered")]
    public static partial void NoServerAnswered(ILogger logger, string kind, int servers);

    [LoggerMessage(6002, LogLevel.Warning, "RADIUS reply from {Server} failed verification ({Error}); is the shared secret right?")]
    public static partial void ReplyNotVerified(ILogger logger, IPEndPoint server, string error);

    [LoggerMessage(6003, LogLevel.Debug, "RADIUS reply from {Server} dropped: {Reason}")]
    public static partial void ReplyDropped(ILogger logger, IPEndPoint server, string reason);

    [LoggerMessage(6004, LogLevel.Debug, "RADIUS datagram of {Length} octets from {Source} matches no request in flight")]
    public static partial void StrayDatagram(ILogger logger, IPEndPoint source, int length);

    [LoggerMessage(6005, LogLevel.Warning, "RADIUS server {Server}: no free Identifier within {Seconds} s; trying the next server")]
    public static partial void NoFreeIdentifier(ILogger logger, IPEndPoint server, double seconds);

    [LoggerMessage(6006, LogLevel.Information, "RADIUS server {Server} answers again")]
    public static partial void ServerBack(ILogger logger, IPEndPoint server);

    [LoggerMessage(6007, LogLevel.Warning, "RADIUS send to {Server} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, IPEndPoint server, string error);

    [LoggerMessage(6008, LogLevel.Debug, "RADIUS receive failed: {Error}")]
    public static partial void ReceiveFailed(ILogger logger, string error);

    [LoggerMessage(6009, LogLevel.Warning, "RADIUS server {Server}: Identifier {Identifier} is already in use after an Acct-Delay-Time change")]
    public static partial void IdentifierClash(ILogger logger, IPEndPoint server, byte identifier);
}

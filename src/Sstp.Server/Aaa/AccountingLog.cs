using Microsoft.Extensions.Logging;

namespace Sstp.Server.Aaa;

/// <summary>Log lines of RADIUS accounting (event ids 61xx). No secret or attribute value beyond ids is logged.</summary>
internal static partial class AccountingLog
{
    [LoggerMessage(6100, LogLevel.Error, "RADIUS accounting {Kind} for session {SessionId} (user {User}) DROPPED: {Why}; {Dropped} dropped so far")]
    public static partial void Dropped(ILogger logger, string kind, string sessionId, string user, string why, long dropped);
}

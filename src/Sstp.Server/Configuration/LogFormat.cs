namespace Sstp.Server.Configuration;

/// <summary>How log lines are written (<c>server.log-format</c>, <c>sstp client --log-format</c>).</summary>
public enum LogFormat
{
    /// <summary>One human-readable line per event; a session's context follows the message in brackets.</summary>
    Text,

    /// <summary>One JSON object per line with flat fields, for log shippers.</summary>
    Json,
}

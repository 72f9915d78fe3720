using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sstp.Cli.Logging;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Tests.Logging;

/// <summary>The two log formats (<c>--log-format text|json</c>) and the session context they carry.</summary>
public sealed class LogFormatTests
{
    private static readonly Action<ILogger, string, IPEndPoint?, string, int, Exception?> AuthFailed =
        LoggerMessage.Define<string, IPEndPoint?, string, int>(
            LogLevel.Warning, new EventId(4000), "authentication failed for user {User} from {Peer}: {Why}; Windows error {WindowsError}");

    private static readonly Action<ILogger, string, int, Exception?> Started =
        LoggerMessage.Define<string, int>(LogLevel.Information, new EventId(1000), "sstp server listening on {Endpoints}; MTU {Mtu}");

    private static readonly Action<ILogger, long, Exception?> SessionBug =
        LoggerMessage.Define<long>(LogLevel.Error, new EventId(5002), "Session {SessionId}: unexpected error");

    private static readonly IPEndPoint Peer = IPEndPoint.Parse("192.0.2.2:50000");

    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));

    [Fact]
    public void Text_LineWithoutSession_IsTheSimpleConsoleSingleLine()
    {
        var log = new FormatterLogger(new TextLogFormatter("yyyy-MM-ddTHH:mm:ss.fffZ ", utc: true, Clock()));

        Started(log, "192.0.2.1:443", 1400, null);

        Assert.Equal(["2026-01-02T03:04:05.678Z info: sstp.server[1000] sstp server listening on 192.0.2.1:443; MTU 1400"], log.Lines);
    }

    [Fact]
    public void Text_SessionLine_EndsWithTheContextInBrackets()
    {
        var log = new FormatterLogger(new TextLogFormatter(null, utc: true, Clock()));
        var context = new SessionLogContext(7, Peer, () => "{A1B2C3D4-0000-4000-8000-000000000001}") { User = "alice" };

        using (log.BeginScope(context))
        {
            AuthFailed(log, "alice", Peer, "wrong password", 691, null);
        }

        Assert.Equal(
            ["warn: sstp.server[4000] authentication failed for user alice from 192.0.2.2:50000: wrong password; Windows error 691 "
                + "[session=7 correlation_id={A1B2C3D4-0000-4000-8000-000000000001} user=alice peer=192.0.2.2:50000]"],
            log.Lines);
    }

    [Fact]
    public void Text_ControlCharactersFromThePeer_CannotStartANewLine()
    {
        var log = new FormatterLogger(new TextLogFormatter(null, utc: true, Clock()));
        string user = "mallory\n2026-01-01T00:00:00.000Z info: sstp.server[1002] forged \"up\"";

        using (log.BeginScope(new SessionLogContext(3, Peer) { User = user }))
        {
            AuthFailed(log, user, Peer, "no such user", 691, null);
        }

        string line = Assert.Single(log.Lines);
        Assert.DoesNotContain('\r', line);
        Assert.Contains("user=\"mallory 2026-01-01T00:00:00.000Z info: sstp.server[1002] forged \\\"up\\\"\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_SessionLine_IsOneFlatObjectWithContextAndTemplateValues()
    {
        var log = new FormatterLogger(new JsonLogFormatter(Clock()));
        var context = new SessionLogContext(7, Peer, () => "{A1B2C3D4-0000-4000-8000-000000000001}") { User = "alice" };

        using (log.BeginScope(context))
        {
            AuthFailed(log, "alice", Peer, "wrong password", 691, null);
        }

        using var document = JsonDocument.Parse(Assert.Single(log.Lines));
        var o = document.RootElement;
        Assert.Equal("2026-01-02T03:04:05.678Z", o.GetProperty("time").GetString());
        Assert.Equal("warn", o.GetProperty("level").GetString());
        Assert.Equal(4000, o.GetProperty("event_id").GetInt32());
        Assert.Equal("sstp.server", o.GetProperty("category").GetString());
        Assert.Equal("authentication failed for user alice from 192.0.2.2:50000: wrong password; Windows error 691", o.GetProperty("message").GetString());
        Assert.Equal(7, o.GetProperty("session").GetInt64());
        Assert.Equal("{A1B2C3D4-0000-4000-8000-000000000001}", o.GetProperty("correlation_id").GetString());
        Assert.Equal("alice", o.GetProperty("user").GetString());
        Assert.Equal("192.0.2.2:50000", o.GetProperty("peer").GetString());
        Assert.Equal("wrong password", o.GetProperty("why").GetString());
        Assert.Equal(691, o.GetProperty("windows_error").GetInt32());
        Assert.Equal(JsonValueKind.Number, o.GetProperty("windows_error").ValueKind);
        Assert.False(o.TryGetProperty("{OriginalFormat}", out _));
        Assert.Equal(11, o.EnumerateObject().Count());   // no field twice (user and peer come from the context)
    }

    [Fact]
    public void Json_LineWithoutSession_HasNoContextFields_AndExceptionIsAField()
    {
        var log = new FormatterLogger(new JsonLogFormatter(Clock()));

        SessionBug(log, 9, new InvalidOperationException("boom\nsecond line"));

        using var document = JsonDocument.Parse(Assert.Single(log.Lines));
        var o = document.RootElement;
        Assert.Equal("error", o.GetProperty("level").GetString());
        Assert.Equal(9, o.GetProperty("session").GetInt64());   // SessionId of a template is the same field
        Assert.False(o.TryGetProperty("user", out _));
        Assert.Contains("boom\nsecond line", o.GetProperty("exception").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SessionLogContext_FieldsAppearAsTheyBecomeKnown()
    {
        string? correlation = null;
        var context = new SessionLogContext(12, Peer, () => correlation);
        Assert.Equal(["session", "peer"], context.Select(f => f.Key));
        Assert.Equal("session=12 peer=192.0.2.2:50000", context.ToString());

        correlation = "{1234-5678-9ABC-DEF0}";
        context.User = "bob";

        Assert.Equal(["session", "correlation_id", "user", "peer"], context.Select(f => f.Key));
        Assert.Equal(4, context.Count);
        Assert.Equal("bob", context[2].Value);
        Assert.Equal(12L, context[0].Value);
    }

    [Theory]
    [InlineData("SessionId", "session")]
    [InlineData("CorrelationId", "correlation_id")]
    [InlineData("WindowsError", "windows_error")]
    [InlineData("TlsProtocol", "tls_protocol")]
    [InlineData("Pool4", "pool4")]
    [InlineData("Ipv6", "ipv6")]
    [InlineData("IPv6", "ipv6")]
    [InlineData("Sha256", "sha256")]
    [InlineData("AcctSessionId", "acct_session_id")]
    public void JsonFieldNames_AreSnakeCase(string template, string field) =>
        Assert.Equal(field, LogFields.FieldName(template));
}

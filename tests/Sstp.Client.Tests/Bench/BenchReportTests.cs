using System.Text.Json;
using Sstp.Client.Bench;

namespace Sstp.Client.Tests.Bench;

public class BenchReportTests
{
    private static readonly BenchReport Setup = new()
    {
        Mode = "setup",
        Server = "192.0.2.1:443",
        Sessions = 200,
        Concurrency = 8,
        Succeeded = 199,
        Failed = 1,
        ElapsedSeconds = 1.5,
        SetupsPerSecond = 132.7,
        SetupP50Ms = 50.25,
        SetupP90Ms = 70,
        SetupP99Ms = 90.5,
        SetupMaxMs = 120,
        Failures = new Dictionary<string, int> { ["AuthenticationFailed"] = 1 },
        ClientCpuSeconds = 2.5,
        ClientRssKib = 70_000,
    };

    [Fact]
    public void ToJson_Setup_IsOneCamelCaseObjectWithTheIssueKeys()
    {
        string json = Setup.ToJson();
        Assert.DoesNotContain('\n', json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal("setup", root.GetProperty("mode").GetString());
        Assert.Equal(132.7, root.GetProperty("setupsPerSecond").GetDouble());
        Assert.Equal(50.25, root.GetProperty("setupP50Ms").GetDouble());
        Assert.Equal(70, root.GetProperty("setupP90Ms").GetDouble());
        Assert.Equal(90.5, root.GetProperty("setupP99Ms").GetDouble());
        Assert.Equal(120, root.GetProperty("setupMaxMs").GetDouble());
        Assert.Equal(200, root.GetProperty("sessions").GetInt32());
        Assert.Equal(1, root.GetProperty("failures").GetProperty("AuthenticationFailed").GetInt32());
        Assert.Equal(2.5, root.GetProperty("clientCpuSeconds").GetDouble());
        Assert.Equal(70_000, root.GetProperty("clientRssKib").GetInt64());
    }

    [Fact]
    public void ToJson_Setup_LeavesOutTheHoldFields()
    {
        using var doc = JsonDocument.Parse(Setup.ToJson());
        Assert.False(doc.RootElement.TryGetProperty("sessionsUp", out _));
        Assert.False(doc.RootElement.TryGetProperty("heldSeconds", out _));
        Assert.False(doc.RootElement.TryGetProperty("dropped", out _));
    }

    [Fact]
    public void ToJson_Hold_HasSessionsUpDroppedAndHeldSeconds()
    {
        var hold = Setup with { Mode = "hold", SessionsUp = 997, Dropped = new Dictionary<string, int> { ["HelloTimeout"] = 2 }, HeldSeconds = 60 };
        using var doc = JsonDocument.Parse(hold.ToJson());
        Assert.Equal(997, doc.RootElement.GetProperty("sessionsUp").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("dropped").GetProperty("HelloTimeout").GetInt32());
        Assert.Equal(60, doc.RootElement.GetProperty("heldSeconds").GetDouble());
    }

    [Fact]
    public void ToText_Setup_NamesRateTimesAndFailures()
    {
        string text = Setup.ToText();
        Assert.Contains("199 ok, 1 failed", text, StringComparison.Ordinal);
        Assert.Contains("132.7/s", text, StringComparison.Ordinal);
        Assert.Contains("p99 90.50", text, StringComparison.Ordinal);
        Assert.Contains("AuthenticationFailed 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("held", text, StringComparison.Ordinal);
    }
}

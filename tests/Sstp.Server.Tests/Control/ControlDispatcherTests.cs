using Sstp.Server.Control;

namespace Sstp.Server.Tests.Control;

/// <summary>What each command asks of the server and what it answers.</summary>
public class ControlDispatcherTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Status_AnswersTheTargetsStatus()
    {
        var target = new FakeControlTarget();

        var response = await ControlDispatcher.HandleAsync(new ControlRequest { Command = ControlCommands.Status }, target, "uid 0", None);

        Assert.True(response.Ok);
        Assert.Equal("9.9.9", response.Status!.Version);
        Assert.Null(response.Sessions);
    }

    [Fact]
    public async Task Sessions_AnswersTheTable()
    {
        var response = await ControlDispatcher.HandleAsync(new ControlRequest { Command = ControlCommands.Sessions }, new FakeControlTarget(), "uid 0", None);

        Assert.True(response.Ok);
        Assert.Equal([1L, 2L, 3L], response.Sessions!.Select(s => s.Id));
    }

    [Fact]
    public async Task Kick_ById_NamesTheSessionAndTheCaller()
    {
        var target = new FakeControlTarget();

        var response = await ControlDispatcher.HandleAsync(new ControlRequest { Command = ControlCommands.Kick, Id = 3 }, target, "uid 0 pid 9", None);

        Assert.True(response.Ok);
        Assert.Equal([3L], response.Kicked!);
        Assert.Equal("1 session(s) told to end: 3", response.Message);
        Assert.Contains("kick 3  by uid 0 pid 9", target.Calls);
    }

    [Fact]
    public async Task Kick_ByUser_EndsEverySessionOfTheUser()
    {
        var response = await ControlDispatcher.HandleAsync(new ControlRequest { Command = ControlCommands.Kick, User = "ALICE" }, new FakeControlTarget(), "uid 0", None);

        Assert.Equal([1L, 2L], response.Kicked!);
    }

    [Theory]
    [InlineData(99L, null, "no session 99")]
    [InlineData(null, "mallory", "no session of user 'mallory'")]
    public async Task Kick_NoMatch_IsAnError(long? id, string? user, string error)
    {
        var response = await ControlDispatcher.HandleAsync(new ControlRequest { Command = ControlCommands.Kick, Id = id, User = user }, new FakeControlTarget(), "uid 0", None);

        Assert.False(response.Ok);
        Assert.Equal(error, response.Error);
    }

    [Fact]
    public async Task Drain_PassesTheDeadline_AndAnswersTheNewState()
    {
        var target = new FakeControlTarget();

        var response = await ControlDispatcher.HandleAsync(new ControlRequest { Command = ControlCommands.Drain, Deadline = 30 }, target, "uid 0", None);

        Assert.True(response.Ok);
        Assert.True(response.Status!.Draining);
        Assert.Equal(TimeSpan.FromSeconds(30), target.DrainDeadline);
        Assert.StartsWith("draining: no new connections, 3 session(s) left", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_WithoutHandler_IsNotAvailable()
    {
        var response = await ControlDispatcher.HandleAsync(new ControlRequest { Command = ControlCommands.Reload }, new FakeControlTarget(), "uid 0", None);

        Assert.False(response.Ok);
        Assert.Equal("reload is not available", response.Error);
    }

    [Fact]
    public async Task Reload_AnswersTheHandlersSentence_OrItsFailure()
    {
        var target = new FakeControlTarget { Reload = _ => Task.FromResult("3 users loaded") };
        var done = await ControlDispatcher.HandleAsync(new ControlRequest { Command = ControlCommands.Reload }, target, "uid 0", None);
        target.Reload = _ => throw new InvalidDataException("pool.ipv4: bad");
        var failed = await ControlDispatcher.HandleAsync(new ControlRequest { Command = ControlCommands.Reload }, target, "uid 0", None);

        Assert.Equal((true, "3 users loaded"), (done.Ok, done.Message));
        Assert.Equal((false, "reload failed: pool.ipv4: bad"), (failed.Ok, failed.Error));
    }
}

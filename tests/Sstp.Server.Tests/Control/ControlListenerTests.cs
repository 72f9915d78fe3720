using System.Net.Sockets;
using System.Text;
using Sstp.Server.Aaa;
using Sstp.Server.Control;
using Sstp.Server.Tests.Aaa;

namespace Sstp.Server.Tests.Control;

/// <summary>The management socket over a real Unix socket in a temporary folder, against a fake server.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlListenerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ListLogger _log = new();
    private readonly FakeControlTarget _target = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Status_OverTheSocket_ForOurOwnUser()
    {
        await using var listener = ControlListener.Start(_dir.File("sstp.sock"), _target, _log);

        var reply = await ControlClient.SendAsync(listener.Path, new ControlRequest { Command = ControlCommands.Status }, Cancel);

        Assert.True(reply.Response.Ok, reply.Raw);
        Assert.Equal("9.9.9", reply.Response.Status!.Version);
        Assert.StartsWith("{\"ok\":true", reply.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kick_OverTheSocket_NamesThePeerProcess()
    {
        await using var listener = ControlListener.Start(_dir.File("sstp.sock"), _target, _log);

        var reply = await ControlClient.SendAsync(listener.Path, new ControlRequest { Command = ControlCommands.Kick, User = "bob" }, Cancel);

        Assert.Equal([3L], reply.Response.Kicked!);
        Assert.Contains(_target.Calls, c => c.StartsWith("kick  bob by uid ", StringComparison.Ordinal) && c.Contains($"pid {Environment.ProcessId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusedPeer_GetsAnErrorAnswer_AndALogLine()
    {
        await using var listener = ControlListener.Start(_dir.File("sstp.sock"), _target, _log, allowed: _ => false);

        var reply = await ControlClient.SendAsync(listener.Path, new ControlRequest { Command = ControlCommands.Status }, Cancel);

        Assert.False(reply.Response.Ok);
        Assert.StartsWith("permission denied: user id ", reply.Response.Error, StringComparison.Ordinal);
        Assert.Empty(_target.Calls);
        Assert.Contains(_log.Entries, e => e.EventId == 1102);
    }

    [Fact]
    public async Task MalformedRequest_GetsAnErrorAnswer()
    {
        await using var listener = ControlListener.Start(_dir.File("sstp.sock"), _target, _log);

        string answer = await ExchangeAsync(listener.Path, "{\"command\": status}\n"u8.ToArray());

        Assert.StartsWith("{\"ok\":false,\"error\":\"the request is not valid JSON", answer, StringComparison.Ordinal);
        Assert.Contains(_log.Entries, e => e.EventId == 1104);
    }

    [Fact]
    public async Task OversizeRequest_GetsAnErrorAnswer_WithoutWaitingForItsEnd()
    {
        await using var listener = ControlListener.Start(_dir.File("sstp.sock"), _target, _log);

        string answer = await ExchangeAsync(listener.Path, Encoding.ASCII.GetBytes(new string('x', 6000)), shutdown: false);

        Assert.Equal("{\"ok\":false,\"error\":\"the request is longer than 4096 bytes\"}\n", answer);
        Assert.Empty(_target.Calls);
    }

    [Fact]
    public async Task RequestWithoutNewline_IsReadToTheEndOfInput()
    {
        await using var listener = ControlListener.Start(_dir.File("sstp.sock"), _target, _log);

        string answer = await ExchangeAsync(listener.Path, "{\"command\":\"sessions\"}"u8.ToArray());

        Assert.StartsWith("{\"ok\":true,\"sessions\":[", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Socket_Is0600_InA0750DirectoryItCreated()
    {
        string path = Path.Combine(_dir.Path, "run", "sstp", "sstp.sock");
        await using var listener = ControlListener.Start(path, _target, _log);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(path)!) & ~(UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
    }

    [Fact]
    public async Task LiveSocket_MeansAnotherServerRuns()
    {
        await using var first = ControlListener.Start(_dir.File("sstp.sock"), _target, _log);

        var error = Assert.Throws<IOException>(() => ControlListener.Start(_dir.File("sstp.sock"), _target, _log));

        Assert.Contains("another sstp server is running", error.Message, StringComparison.Ordinal);
        var reply = await ControlClient.SendAsync(first.Path, new ControlRequest { Command = ControlCommands.Status }, Cancel);
        Assert.True(reply.Response.Ok);
    }

    [Fact]
    public async Task StaleFile_NobodyAnswers_IsReplaced()
    {
        string path = _dir.File("sstp.sock");
        await File.WriteAllBytesAsync(path, [], Cancel);

        await using var listener = ControlListener.Start(path, _target, _log);

        Assert.True((await ControlClient.SendAsync(path, new ControlRequest { Command = ControlCommands.Status }, Cancel)).Response.Ok);
        Assert.Contains(_log.Entries, e => e.EventId == 1101);
    }

    [Fact]
    public void FileWithContent_IsNeverDeleted()
    {
        string path = _dir.File("sstp.sock");
        File.WriteAllText(path, "important");

        var error = Assert.Throws<IOException>(() => ControlListener.Start(path, _target, _log));

        Assert.Contains("is not a socket", error.Message, StringComparison.Ordinal);
        Assert.Equal("important", File.ReadAllText(path));
    }

    [Fact]
    public void DirectoryThatCannotBeCreated_IsAnIOExceptionNamingTheKey()
    {
        string blocker = _dir.File("plain-file");
        File.WriteAllText(blocker, "x");

        var error = Assert.Throws<IOException>(() => ControlListener.Start(Path.Combine(blocker, "sstp.sock"), _target, _log));

        Assert.Contains("control.socket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_RemovesTheSocketFile()
    {
        string path = _dir.File("sstp.sock");
        var listener = ControlListener.Start(path, _target, _log);

        await listener.DisposeAsync();

        Assert.False(File.Exists(path));
        await Assert.ThrowsAsync<SocketException>(() => ControlClient.SendAsync(path, new ControlRequest { Command = ControlCommands.Status }, Cancel));
    }

    private static async Task<string> ExchangeAsync(string path, byte[] request, bool shutdown = true)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), Cancel);
        await socket.SendAsync(request, Cancel);
        if (shutdown)
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        var answer = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, Cancel)) > 0)
        {
            answer.Write(buffer, 0, n);
        }

        return Encoding.UTF8.GetString(answer.ToArray());
    }
}

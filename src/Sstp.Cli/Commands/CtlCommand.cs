using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using Sstp.Server.Control;

namespace Sstp.Cli.Commands;

/// <summary>
/// <c>sstp ctl [--socket PATH] status|sessions|kick ID|kick --user NAME|drain [--deadline SECONDS] [--wait]|reload</c>:
/// talks to a running server over its management socket (<c>control.socket</c>, default
/// <c>/run/sstp/sstp.sock</c>, root and the server's user only). Text by default; <c>--json</c> prints the
/// server's JSON answer as it came.
/// Exit codes: 0 done; 1 the server answered with an error (or the answer was unreadable); 2 no server could be
/// reached on the socket.
/// </summary>
public static class CtlCommand
{
    /// <summary>Exit code: done.</summary>
    public const int Ok = 0;

    /// <summary>Exit code: the server refused or failed the command.</summary>
    public const int ServerError = 1;

    /// <summary>Exit code: the socket could not be reached.</summary>
    public const int CannotConnect = 2;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Builds the <c>ctl</c> command.</summary>
    public static Command Create()
    {
        var socket = new Option<string>("--socket")
        {
            Description = "The server's control socket (its control.socket).",
            HelpName = "PATH",
            Recursive = true,
            DefaultValueFactory = _ => ControlClient.DefaultPath,
        };
        var json = new Option<bool>("--json") { Description = "Print the server's JSON answer instead of text.", Recursive = true };
        var command = new Command("ctl", "Control a running server: status, sessions, kick, drain, reload.") { socket, json };

        var status = new Command("status", "Version, uptime, listeners, certificate, memory, sessions, drain state.");
        status.SetAction((r, c) => RunAsync(r.GetValue(socket)!, new ControlRequest { Command = ControlCommands.Status }, r.GetValue(json), c));
        command.Subcommands.Add(status);

        var sessions = new Command("sessions", "The sessions: id, user, peer, addresses, method, TLS, uptime, traffic, rate limit.");
        sessions.SetAction((r, c) => RunAsync(r.GetValue(socket)!, new ControlRequest { Command = ControlCommands.Sessions }, r.GetValue(json), c));
        command.Subcommands.Add(sessions);

        command.Subcommands.Add(CreateKick(socket, json));
        command.Subcommands.Add(CreateDrain(socket, json));

        var reload = new Command("reload", "Re-read the configuration.");
        reload.SetAction((r, c) => RunAsync(r.GetValue(socket)!, new ControlRequest { Command = ControlCommands.Reload }, r.GetValue(json), c));
        command.Subcommands.Add(reload);
        return command;
    }

    private static Command CreateKick(Option<string> socket, Option<bool> json)
    {
        var id = new Argument<long?>("ID") { Description = "The session id (see sstp ctl sessions).", Arity = ArgumentArity.ZeroOrOne };
        var user = new Option<string>("--user") { Description = "End every session of this user instead.", HelpName = "NAME" };
        var kick = new Command("kick", "End a session (LCP Terminate, SSTP Call Disconnect, accounting Admin-Reset).") { id, user };
        kick.Validators.Add(r =>
        {
            if ((r.GetValue(id) is null) == (r.GetValue(user) is null))
            {
                r.AddError("give either a session ID or --user NAME");
            }
        });
        kick.SetAction((r, c) => RunAsync(
            r.GetValue(socket)!,
            new ControlRequest { Command = ControlCommands.Kick, Id = r.GetValue(id), User = r.GetValue(user) },
            r.GetValue(json),
            c));
        return kick;
    }

    private static Command CreateDrain(Option<string> socket, Option<bool> json)
    {
        var deadline = new Option<int?>("--deadline")
        {
            Description = "Close the sessions still there after this many seconds (default: wait for them).",
            HelpName = "SECONDS",
        };
        var wait = new Option<bool>("--wait") { Description = "Wait until the server has exited." };
        var drain = new Command("drain", "Stop accepting, answer 503 on /health, exit when the sessions are gone.") { deadline, wait };
        drain.SetAction(async (r, c) =>
        {
            string path = r.GetValue(socket)!;
            int code = await RunAsync(path, new ControlRequest { Command = ControlCommands.Drain, Deadline = r.GetValue(deadline) }, r.GetValue(json), c).ConfigureAwait(false);
            return code == Ok && r.GetValue(wait) ? await WaitForExitAsync(path, c).ConfigureAwait(false) : code;
        });
        return drain;
    }

    private static async Task<int> RunAsync(string path, ControlRequest request, bool json, CancellationToken cancel)
    {
        ControlReply reply;
        try
        {
            reply = await SendAsync(path, request, cancel).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            await Console.Error.WriteLineAsync(CannotConnectMessage(path, e)).ConfigureAwait(false);
            return CannotConnect;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"sstp ctl: {path}: {e.Message}").ConfigureAwait(false);
            return ServerError;
        }

        var response = reply.Response;
        if (json)
        {
            await Console.Out.WriteLineAsync(reply.Raw).ConfigureAwait(false);
        }
        else if (response.Ok)
        {
            string text = request.Command switch
            {
                ControlCommands.Sessions => CtlFormat.Sessions(response.Sessions ?? []),
                ControlCommands.Status when response.Status is { } status => CtlFormat.Status(status),
                _ => (response.Message ?? "ok") + "\n",
            };
            await Console.Out.WriteAsync(text).ConfigureAwait(false);
        }

        if (!response.Ok)
        {
            await Console.Error.WriteLineAsync($"sstp ctl: {response.Error}").ConfigureAwait(false);
            return ServerError;
        }

        return Ok;
    }

    /// <summary>Polls <c>status</c> until the socket stops answering (the server exited); prints the count as it falls.</summary>
    private static async Task<int> WaitForExitAsync(string path, CancellationToken cancel)
    {
        int last = -1;
        while (true)
        {
            try
            {
                var reply = await SendAsync(path, new ControlRequest { Command = ControlCommands.Status }, cancel).ConfigureAwait(false);
                if (reply.Response.Status is { } status && status.SessionsUp + status.SessionsSetup != last)
                {
                    last = status.SessionsUp + status.SessionsSetup;
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{last} session(s) left")).ConfigureAwait(false);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                await Console.Out.WriteLineAsync("the server has stopped").ConfigureAwait(false);
                return Ok;
            }
            catch (OperationCanceledException)
            {
                return ServerError;
            }
        }
    }

    private static async Task<ControlReply> SendAsync(string path, ControlRequest request, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(RequestTimeout);
        return await ControlClient.SendAsync(path, request, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>What to tell the operator when the socket cannot be reached.</summary>
    public static string CannotConnectMessage(string path, SocketException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string hint = error.SocketErrorCode == SocketError.AccessDenied
            ? "permission denied: run it as root (or as the server's user)"
            : "is the server running, with this control.socket? (use --socket PATH for another one; root may be needed)";
        return $"sstp ctl: cannot connect to {path}: {error.Message}; {hint}";
    }
}

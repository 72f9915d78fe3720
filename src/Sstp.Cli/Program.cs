using System.CommandLine;

namespace Sstp.Cli;

/// <summary>Entry point of the <c>sstp</c> executable.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static async Task<int> Main(string[] args)
    {
        var root = BuildRootCommand();

        // Commands handle SIGINT/SIGTERM themselves so a server can finish its graceful stop.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
    }

    /// <summary>The command tree.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand(
            "sstp: an SSTP VPN server and client for Linux (TLS, SSTP, user-space PPP, TUN).");
        root.Subcommands.Add(Commands.ServerCommand.Create());
        root.Subcommands.Add(Commands.ClientCommand.Create());
        root.Subcommands.Add(Commands.DemoCommand.Create());
        root.Subcommands.Add(Commands.UserCommand.Create());
        root.Subcommands.Add(Commands.BenchCommand.Create());
        root.Subcommands.Add(Commands.CtlCommand.Create());
        return root;
    }
}

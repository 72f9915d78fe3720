using System.CommandLine;

namespace Sstp.Cli;

/// <summary>Entry point of the <c>sstp</c> executable.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static int Main(string[] args)
    {
        var root = BuildRootCommand();
        return root.Parse(args).Invoke();
    }

    /// <summary>The command tree; each subcommand arrives with the issue that builds it.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand(
            "sstp: an SSTP VPN server and client for Linux (TLS, SSTP, user-space PPP, TUN).");
        root.Subcommands.Add(Commands.UserCommand.Create());
        return root;
    }
}

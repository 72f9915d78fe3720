using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using Sstp.Protocol.Policing;
using Sstp.Server.Configuration;
using Sstp.Server.Users;

namespace Sstp.Cli.Commands;

/// <summary>
/// <c>sstp user add|del|list</c>: manages the users file (<see cref="UsersFile"/>).
/// <list type="bullet">
/// <item><c>sstp user add NAME [--chap] [--ipv4 A] [--ipv6 P] [--rate DOWN[/UP]] [--password-stdin]</c>: the password comes
/// from the first line of standard input, or is asked twice on the terminal with echo off; it is never an
/// argument (it would show in <c>ps</c> and the shell history).</item>
/// <item><c>sstp user del NAME</c></item>
/// <item><c>sstp user list</c>: name, whether a CHAP password is kept, static addresses, rate limit; never hashes.</item>
/// </list>
/// All take <c>--users FILE</c> (default <c>/etc/sstp/users</c>). The file and its directory (mode 0700)
/// are created when missing; the file is always written with mode 0600.
/// Exit codes: 0 done; 1 refused (bad input, no such user, user exists, malformed file); 2 the file could
/// not be read or written.
/// </summary>
public static class UserCommand
{
    /// <summary>Exit code: done.</summary>
    public const int Ok = 0;

    /// <summary>Exit code: refused (bad input, no such user, user exists, malformed file).</summary>
    public const int Refused = 1;

    /// <summary>Exit code: the users file could not be read or written.</summary>
    public const int IoFailure = 2;

    /// <summary>Builds the <c>user</c> command on the process console.</summary>
    public static Command Create() => Create(Terminal.System);

    /// <summary>Builds the <c>user</c> command on the given console (tests inject their own).</summary>
    public static Command Create(Terminal terminal)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var users = new Option<string>("--users")
        {
            Description = "The users file.",
            HelpName = "FILE",
            Recursive = true,
            DefaultValueFactory = _ => ServerOptions.Default.UsersFile,
        };
        var command = new Command("user", "Manage the users file: add, delete and list users.") { users };
        command.Subcommands.Add(CreateAdd(terminal, users));
        command.Subcommands.Add(CreateDelete(terminal, users));
        command.Subcommands.Add(CreateList(terminal, users));
        return command;
    }

    private static Command CreateAdd(Terminal terminal, Option<string> users)
    {
        var name = new Argument<string>("NAME") { Description = @"The user name (without DOMAIN\)." };
        var chap = new Option<bool>("--chap")
        {
            Description = "Also keep the clear password, which CHAP-MD5 needs (otherwise only the NT hash is kept).",
        };
        var ipv4 = new Option<string>("--ipv4") { Description = "A static IPv4 address for this user.", HelpName = "ADDRESS" };
        var ipv6 = new Option<string>("--ipv6") { Description = "A static IPv6 /64 (PREFIX/64 or an address in it).", HelpName = "PREFIX" };
        var rate = new Option<string>("--rate")
        {
            Description = "This user's rate limit in bit/s, DOWN[/UP] with k, M or G (e.g. 10M/2M); default: limits.rate.",
            HelpName = "DOWN[/UP]",
        };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var add = new Command("add", "Add a user.") { name, chap, ipv4, ipv6, rate, stdin };
        add.SetAction(r => Add(
            terminal, r.GetValue(users)!, r.GetValue(name)!, r.GetValue(chap), r.GetValue(ipv4), r.GetValue(ipv6), r.GetValue(rate), r.GetValue(stdin)));
        return add;
    }

    private static Command CreateDelete(Terminal terminal, Option<string> users)
    {
        var name = new Argument<string>("NAME") { Description = "The user to delete." };
        var del = new Command("del", "Delete a user.") { name };
        del.SetAction(r => Delete(terminal, r.GetValue(users)!, r.GetValue(name)!));
        return del;
    }

    private static Command CreateList(Terminal terminal, Option<string> users)
    {
        var list = new Command("list", "List the users (never their hashes or passwords).");
        list.SetAction(r => List(terminal, r.GetValue(users)!));
        return list;
    }

    private static int Add(Terminal t, string path, string name, bool chap, string? ipv4Text, string? ipv6Text, string? rateText, bool fromStdin)
    {
        if (UserNames.Validate(name) is { } badName)
        {
            return Fail(t, Refused, $"'{name}': {badName}");
        }

        IPAddress? ipv4 = null;
        if (ipv4Text is not null)
        {
            if (!ConfigValueParser.TryParseIPv4(ipv4Text, out var parsed))
            {
                return Fail(t, Refused, $"--ipv4: '{ipv4Text}' is not an IPv4 address");
            }

            ipv4 = parsed;
        }

        IPNetwork? ipv6 = null;
        if (ipv6Text is not null)
        {
            if (!UsersFile.TryParseStaticIPv6(ipv6Text, out var prefix, out string why))
            {
                return Fail(t, Refused, $"--ipv6: {why}");
            }

            ipv6 = prefix;
        }

        RateLimit rate = default;
        if (rateText is not null && !RateLimit.TryParse(rateText, out rate, out string rateError))
        {
            return Fail(t, Refused, $"--rate: {rateError}");
        }

        var (file, status) = LoadOrCreate(t, path);
        if (file is null)
        {
            return status;
        }

        if (file.Find(name) is { } existing)
        {
            return Fail(t, Refused, $"user '{existing.Name}' already exists in {path} (delete it first to change it)");
        }

        string? password = fromStdin ? ReadPasswordFromStdin(t) : PromptPassword(t);
        if (password is null)
        {
            return Refused;
        }

        if (!file.TryAdd(name, password, chap, ipv4, ipv6, rate, out var updated, out string error))
        {
            return Fail(t, Refused, error);
        }

        if (Save(t, updated, path) is int failed)
        {
            return failed;
        }

        t.Out.WriteLine(chap
            ? $"added user '{name}' to {path} (NT hash and clear password for CHAP)"
            : $"added user '{name}' to {path}");
        return Ok;
    }

    private static int Delete(Terminal t, string path, string name)
    {
        var (file, status) = LoadExisting(t, path);
        if (file is null)
        {
            return status;
        }

        if (!file.TryDelete(name, out var updated))
        {
            return Fail(t, Refused, $"no user '{name}' in {path}");
        }

        if (Save(t, updated, path) is int failed)
        {
            return failed;
        }

        t.Out.WriteLine($"deleted user '{name}' from {path}");
        return Ok;
    }

    private static int List(Terminal t, string path)
    {
        var (file, status) = LoadExisting(t, path);
        if (file is null)
        {
            return status;
        }

        var users = file.Users;
        if (users.Count == 0)
        {
            t.Out.WriteLine($"no users in {path} (add one with `sstp user add NAME --users {path}`)");
            return Ok;
        }

        string[] header = ["NAME", "CHAP", "IPV4", "IPV6", "RATE"];
        var rows = users.Select(u => new[]
        {
            u.Name, u.ClearPassword is null ? "no" : "yes", u.StaticIPv4?.ToString() ?? "-", u.StaticIPv6?.ToString() ?? "-",
            u.Rate.IsUnspecified ? "-" : u.Rate.Format(),
        }).ToList();
        int[] widths = [.. Enumerable.Range(0, header.Length).Select(c => rows.Append(header).Max(r => r[c].Length))];
        foreach (var row in rows.Prepend(header))
        {
            var line = new StringBuilder();
            for (int c = 0; c < row.Length; c++)
            {
                line.Append(c < row.Length - 1 ? row[c].PadRight(widths[c] + 2) : row[c]);
            }

            t.Out.WriteLine(line.ToString());
        }

        return Ok;
    }

    private static (UsersFile? File, int Status) LoadOrCreate(Terminal t, string path) =>
        File.Exists(path) ? LoadExisting(t, path) : (UsersFile.Empty, Ok);

    private static (UsersFile? File, int Status) LoadExisting(Terminal t, string path)
    {
        var result = UsersFile.Load(path);
        foreach (var warning in result.Warnings)
        {
            t.Error.WriteLine($"warning: {warning}");
        }

        if (result.File is not null)
        {
            return (result.File, Ok);
        }

        foreach (var error in result.Errors)
        {
            t.Error.WriteLine(error.ToString());
        }

        bool fileLevel = result.Errors.All(e => e.Line == 0);
        return (null, fileLevel ? IoFailure : Refused);
    }

    private static int? Save(Terminal t, UsersFile file, string path)
    {
        try
        {
            file.Save(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(t, IoFailure, $"cannot write {path}: {e.Message}");
        }
    }

    private static string? ReadPasswordFromStdin(Terminal t)
    {
        string? line = t.In.ReadLine();
        if (string.IsNullOrEmpty(line))
        {
            t.Error.WriteLine("no password on standard input (an empty password is refused)");
            return null;
        }

        return line;
    }

    private static string? PromptPassword(Terminal t)
    {
        if (t.ReadSecret is null)
        {
            t.Error.WriteLine("no terminal to ask for the password on; pipe it in with --password-stdin");
            return null;
        }

        string? first = t.ReadSecret("Password: ");
        if (string.IsNullOrEmpty(first))
        {
            t.Error.WriteLine("an empty password is refused");
            return null;
        }

        string? second = t.ReadSecret("Password again: ");
        if (!string.Equals(first, second, StringComparison.Ordinal))
        {
            t.Error.WriteLine("the passwords do not match");
            return null;
        }

        return first;
    }

    private static int Fail(Terminal t, int code, string message)
    {
        t.Error.WriteLine(message);
        return code;
    }

    /// <summary>Where the command reads and writes: the process console, or a test's writers.</summary>
    public sealed class Terminal
    {
        /// <summary>Standard input (for <c>--password-stdin</c>).</summary>
        public required TextReader In { get; init; }

        /// <summary>Standard output (results).</summary>
        public required TextWriter Out { get; init; }

        /// <summary>Standard error (problems, prompts).</summary>
        public required TextWriter Error { get; init; }

        /// <summary>
        /// Shows a prompt and reads a secret with echo off; null when there is no terminal (then
        /// <c>--password-stdin</c> is required).
        /// </summary>
        public Func<string, string?>? ReadSecret { get; init; }

        /// <summary>The process console; prompts on the TTY only when standard input is one.</summary>
        public static Terminal System => new()
        {
            In = Console.In,
            Out = Console.Out,
            Error = Console.Error,
            ReadSecret = Console.IsInputRedirected ? null : ReadSecretFromConsole,
        };

        private static string ReadSecretFromConsole(string prompt)
        {
            Console.Error.Write(prompt);
            var secret = new StringBuilder();
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    break;
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    if (secret.Length > 0)
                    {
                        secret.Length--;
                    }
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    secret.Append(key.KeyChar);
                }
            }

            Console.Error.WriteLine();
            return secret.ToString();
        }
    }
}

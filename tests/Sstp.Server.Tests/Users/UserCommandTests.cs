using System.CommandLine;
using Sstp.Cli.Commands;
using Sstp.Server.Users;

namespace Sstp.Server.Tests.Users;

/// <summary><c>sstp user</c> end to end in-process: real argument parsing, injected stdin and TTY.</summary>
public sealed class UserCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private string UsersPath => Path.Combine(_dir.Path, "etc", "users");

    public void Dispose()
    {
        _dir.Dispose();
        _out.Dispose();
        _err.Dispose();
    }

    private int Run(string stdin, Func<string, string?>? tty, params string[] args)
    {
        var terminal = new UserCommand.Terminal { In = new StringReader(stdin), Out = _out, Error = _err, ReadSecret = tty };
        var root = new RootCommand { UserCommand.Create(terminal) };
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = _out, Error = _err });
    }

    private int Run(string stdin, params string[] args) => Run(stdin, null, args);

    [Fact]
    public void Add_PasswordFromStdin_CreatesTheFileWithMode0600()
    {
        int code = Run("clientPass\n", "user", "add", "alice", "--password-stdin", "--users", UsersPath);

        Assert.Equal(0, code);
        Assert.Equal($"added user 'alice' to {UsersPath}\n", _out.ToString());
        var user = Assert.Single(UsersFile.Load(UsersPath).File!.Users);
        Assert.True(user.MatchesPassword("clientPass"));
        Assert.Null(user.ClearPassword);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(UsersPath));
            Assert.Equal(UsersFile.DirectoryMode, File.GetUnixFileMode(Path.GetDirectoryName(UsersPath)!));
        }
    }

    [Fact]
    public void Add_WithChapAndStaticAddresses_StoresThem()
    {
        int code = Run("pw\n", "user", "add", "bob", "--chap", "--ipv4", "10.88.0.9", "--ipv6", "fd00:88:0:5::1",
            "--password-stdin", "--users", UsersPath);

        Assert.Equal(0, code);
        var bob = UsersFile.Load(UsersPath).File!.Find("bob")!;
        Assert.Equal("pw", bob.ClearPassword);
        Assert.Equal("10.88.0.9", bob.StaticIPv4!.ToString());
        Assert.Equal("fd00:88:0:5::/64", bob.StaticIPv6!.ToString());
    }

    [Fact]
    public void Add_UsersOptionBeforeTheSubcommand_AlsoWorks()
    {
        Assert.Equal(0, Run("pw\n", "user", "--users", UsersPath, "add", "alice", "--password-stdin"));
        Assert.True(File.Exists(UsersPath));
    }

    [Fact]
    public void Add_PromptTwice_UsesTheTerminal()
    {
        var prompts = new List<string>();
        int code = Run("", p => { prompts.Add(p); return "s3cret"; }, "user", "add", "carol", "--users", UsersPath);

        Assert.Equal(0, code);
        Assert.Equal(["Password: ", "Password again: "], prompts);
        Assert.True(UsersFile.Load(UsersPath).File!.Find("carol")!.MatchesPassword("s3cret"));
    }

    [Fact]
    public void Add_PromptMismatch_IsRefused()
    {
        var answers = new Queue<string>(["one", "two"]);
        int code = Run("", _ => answers.Dequeue(), "user", "add", "carol", "--users", UsersPath);

        Assert.Equal(UserCommand.Refused, code);
        Assert.Equal("the passwords do not match\n", _err.ToString());
        Assert.False(File.Exists(UsersPath));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("")]
    public void Add_EmptyPasswordOnStdin_IsRefused(string stdin)
    {
        int code = Run(stdin, "user", "add", "alice", "--password-stdin", "--users", UsersPath);
        Assert.Equal(UserCommand.Refused, code);
        Assert.Contains("empty password is refused", _err.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(UsersPath));
    }

    [Fact]
    public void Add_EmptyPasswordAtThePrompt_IsRefused()
    {
        int code = Run("", _ => "", "user", "add", "alice", "--users", UsersPath);
        Assert.Equal(UserCommand.Refused, code);
        Assert.Equal("an empty password is refused\n", _err.ToString());
    }

    [Fact]
    public void Add_NoTerminalAndNoStdinFlag_TellsHow()
    {
        int code = Run("pw\n", "user", "add", "alice", "--users", UsersPath);
        Assert.Equal(UserCommand.Refused, code);
        Assert.Contains("--password-stdin", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Add_PasswordAsAnArgument_IsNotAccepted()
    {
        int code = Run("", "user", "add", "alice", "secret", "--users", UsersPath);
        Assert.NotEqual(0, code);
        Assert.False(File.Exists(UsersPath));
    }

    [Fact]
    public void Add_ExistingUser_IsRefused()
    {
        Run("pw\n", "user", "add", "alice", "--password-stdin", "--users", UsersPath);
        int code = Run("pw2\n", "user", "add", "Alice", "--password-stdin", "--users", UsersPath);
        Assert.Equal(UserCommand.Refused, code);
        Assert.Contains("user 'alice' already exists", _err.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad name", "--ipv4", "10.88.0.2", "'bad name': a user name must not contain whitespace or control characters")]
    [InlineData("alice", "--ipv4", "10.88", "--ipv4: '10.88' is not an IPv4 address")]
    [InlineData("alice", "--ipv6", "fd00::/48", "--ipv6: 'ipv6' must be a /64 prefix, got 'fd00::/48'")]
    [InlineData("alice", "--rate", "10X", "--rate: '10X' is not a rate (a number of bits per second with an optional k, M or G, at most 1000G; e.g. 10M/2M)")]
    [InlineData("alice", "--rate", "1M/2M/3M", "--rate: '1M/2M/3M' is not a rate (expected DOWN[/UP] in bits per second with an optional k, M or G, e.g. 10M/2M)")]
    public void Add_BadInput_IsRefusedWithAMessage(string name, string option, string value, string message)
    {
        int code = Run("pw\n", "user", "add", name, option, value, "--password-stdin", "--users", UsersPath);
        Assert.Equal(UserCommand.Refused, code);
        Assert.Equal(message + "\n", _err.ToString());
    }

    [Fact]
    public void Add_ToAMalformedFile_IsRefusedAndLeavesItAlone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(UsersPath)!);
        File.WriteAllText(UsersPath, "alice nt=xyz\n");

        int code = Run("pw\n", "user", "add", "bob", "--password-stdin", "--users", UsersPath);

        Assert.Equal(UserCommand.Refused, code);
        // The file was written with the default mode, so a chmod warning comes first.
        Assert.EndsWith($"{UsersPath}:1: 'nt' must be 32 hex digits\n", _err.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("warning: ", _err.ToString(), StringComparison.Ordinal);
        Assert.Equal("alice nt=xyz\n", File.ReadAllText(UsersPath));
    }

    [Fact]
    public void Del_RemovesTheUser()
    {
        Run("pw\n", "user", "add", "alice", "--password-stdin", "--users", UsersPath);
        Run("pw\n", "user", "add", "bob", "--password-stdin", "--users", UsersPath);

        int code = Run("", "user", "del", "alice", "--users", UsersPath);

        Assert.Equal(0, code);
        Assert.Equal(["bob"], UsersFile.Load(UsersPath).File!.Users.Select(u => u.Name));
    }

    [Fact]
    public void Del_UnknownUser_IsRefused()
    {
        Run("pw\n", "user", "add", "alice", "--password-stdin", "--users", UsersPath);
        Assert.Equal(UserCommand.Refused, Run("", "user", "del", "zed", "--users", UsersPath));
        Assert.Contains("no user 'zed'", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Del_MissingFile_IsAnIoFailure()
    {
        Assert.Equal(UserCommand.IoFailure, Run("", "user", "del", "alice", "--users", UsersPath));
    }

    [Fact]
    public void List_ShowsATableWithoutHashes()
    {
        Run("clientPass\n", "user", "add", "alice", "--password-stdin", "--users", UsersPath);
        Run("pw\n", "user", "add", "bob", "--chap", "--ipv4", "10.88.0.9", "--ipv6", "fd00:88:0:5::/64", "--rate", "10m/2000k", "--password-stdin", "--users", UsersPath);
        _out.GetStringBuilder().Clear();

        int code = Run("", "user", "list", "--users", UsersPath);

        Assert.Equal(0, code);
        Assert.Equal(
            "NAME   CHAP  IPV4       IPV6              RATE\n" +
            "alice  no    -          -                 -\n" +
            "bob    yes   10.88.0.9  fd00:88:0:5::/64  10M/2M\n",
            _out.ToString());
        Assert.DoesNotContain("44ebba8d", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Add_WithRate_StoresItInTheFile()
    {
        int code = Run("pw\n", "user", "add", "carol", "--rate", "50M", "--password-stdin", "--users", UsersPath);

        Assert.Equal(0, code);
        Assert.Contains(" rate=50M\n", File.ReadAllText(UsersPath), StringComparison.Ordinal);
        var carol = UsersFile.Load(UsersPath).File!.Find("carol")!;
        Assert.Equal(new Sstp.Protocol.Policing.RateLimit(50_000_000, 50_000_000), carol.Rate);
    }

    [Fact]
    public void List_EmptyFile_SaysHowToAdd()
    {
        UsersFile.Empty.Save(UsersPath);
        Assert.Equal(0, Run("", "user", "list", "--users", UsersPath));
        Assert.Contains("sstp user add NAME", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ProgramRoot_RegistersTheUserCommand()
    {
        var root = Sstp.Cli.Program.BuildRootCommand();
        Assert.Contains(root.Subcommands, c => c.Name == "user");
    }
}

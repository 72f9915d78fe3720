using System.Net;
using System.Runtime.Versioning;
using CsCheck;
using Sstp.Server.Users;
using Sstp.TestKit;

namespace Sstp.Server.Tests.Users;

public class UsersFileTests
{
    // AUTH.md §4.3 / RFC 2759 §9.2: NtPasswordHash("clientPass").
    private const string ClientPassHash = "44 EB BA 8D 53 12 B8 D6 11 47 44 11 F5 69 89 AE";

    [Fact]
    public void Add_StoresTheRfc2759NtHashOfThePassword()
    {
        var file = UsersFile.Empty.Add("User", "clientPass", storeClear: false);

        var user = Assert.Single(file.Users);
        Assert.Equal(Hex.Parse(ClientPassHash), user.NtHash.ToArray());
        Assert.Null(user.ClearPassword);
        Assert.Contains("User nt=44ebba8d5312b8d611474411f56989ae\n", file.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void Add_WithStoreClear_KeepsThePasswordAsBase64()
    {
        var file = UsersFile.Empty.Add("bob", "pässword", storeClear: true);
        Assert.Equal("pässword", file.Find("bob")!.ClearPassword);
        Assert.Contains("chap=cMOkc3N3b3Jk", file.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ThenParse_RoundTripsEveryField()
    {
        var file = UsersFile.Empty
            .Add("alice", "a", false)
            .Add("bob", "b", true, IPAddress.Parse("10.88.0.9"), IPNetwork.Parse("fd00:88:0:5::/64"))
            .Add("carol", "c", false, rate: new Sstp.Protocol.Policing.RateLimit(10_000_000, 2_500_000));

        var parsed = UsersFile.Parse(file.Format(), "users");

        Assert.True(parsed.Succeeded);
        Assert.Equal(file.Users, parsed.File!.Users);
        Assert.Equal(file.Format(), parsed.File.Format());
    }

    [Fact]
    public void RoundTrip_RandomUsers()
    {
        var name = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@é"].Array[1, 20].Select(c => new string(c));
        var password = Gen.String[1, 30];
        var v4 = Gen.Select(Gen.Bool, Gen.Byte[1, 200], (some, b) => some ? IPAddress.Parse($"10.88.1.{b}") : null);
        var v6 = Gen.Select(Gen.Bool, Gen.UShort, (some, s) => some ? new IPNetwork(IPAddress.Parse($"fd00:88:0:{s:x}::"), 64) : (IPNetwork?)null);
        Gen.Select(name, password, Gen.Bool, v4, v6).Sample((n, p, clear, a4, a6) =>
        {
            var file = UsersFile.Empty.Add(n, p, clear, a4, a6);
            var back = UsersFile.Parse(file.Format(), "users");
            Assert.True(back.Succeeded, string.Join("\n", back.Errors));
            var user = Assert.Single(back.File!.Users);
            Assert.Equal(file.Users[0], user);
            Assert.True(user.MatchesPassword(p));
        });
    }

    [Fact]
    public void Parse_KeepsCommentsAndBlankLines()
    {
        const string text = "# team A\n\nalice nt=44ebba8d5312b8d611474411f56989ae  # the boss\n# end\n";

        var file = UsersFile.Parse(text, "users").File!;
        var afterDelete = file.Add("carol", "x", false).Delete("carol");

        Assert.Equal("alice", Assert.Single(file.Users).Name);
        Assert.Equal("# team A\n\nalice nt=44ebba8d5312b8d611474411f56989ae\n# end\n", afterDelete.Format());
    }

    /// <summary>A bad line, and the exact error it gives.</summary>
    public static TheoryData<string, string> BadLines => new()
    {
        { "alice", "missing 'nt' (the NT hash)" },
        { "alice nt=1234", "'nt' must be 32 hex digits" },
        { "alice nt=44ebba8d5312b8d611474411f56989zz", "'nt' must be 32 hex digits" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae nt=44ebba8d5312b8d611474411f56989ae", "'nt' is given twice" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae pw=secret", "unknown field 'pw' (fields are nt, chap, ipv4, ipv6, rate)" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae secret", "expected FIELD=VALUE, got 'secret'" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae chap=***", "'chap' must be the base64 of a non-empty UTF-8 password" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae chap=/w==", "'chap' must be the base64 of a non-empty UTF-8 password" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae ipv4=10.88.1", "'ipv4' must be an IPv4 address, got '10.88.1'" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae ipv4=224.0.0.1", "ipv4 224.0.0.1 cannot be given to a client" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae ipv6=fd00::/48", "'ipv6' must be a /64 prefix, got 'fd00::/48'" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae ipv6=nope", "'ipv6' must be an IPv6 /64 prefix or address, got 'nope'" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae ipv6=fe80::1", "ipv6 fe80::/64 cannot be given to a client" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae rate=fast", "'rate': 'fast' is not a rate (a number of bits per second with an optional k, M or G, at most 1000G; e.g. 10M/2M)" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae rate=10M/", "'rate': '' is not a rate (a number of bits per second with an optional k, M or G, at most 1000G; e.g. 10M/2M)" },
        { "alice nt=44ebba8d5312b8d611474411f56989ae rate=2T", "'rate': '2T' is not a rate (a number of bits per second with an optional k, M or G, at most 1000G; e.g. 10M/2M)" },
        { @"CORP\alice nt=44ebba8d5312b8d611474411f56989ae", @"a user name must not contain '\' (give the name without its DOMAIN\ part)" },
        { "nt=44ebba8d5312b8d611474411f56989ae", "a line starts with the user name, got 'nt=44ebba8d5312b8d611474411f56989ae'" },
        { "al\u0001ce nt=44ebba8d5312b8d611474411f56989ae", "a user name must not contain whitespace or control characters" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Parse_BadLine_ReportsItsLineNumber(string line, string message)
    {
        string text = "# header\nok nt=44ebba8d5312b8d611474411f56989ae\n" + line + "\n";

        var result = UsersFile.Parse(text, "users");

        Assert.Null(result.File);
        var error = Assert.Single(result.Errors);
        Assert.Equal(new UsersFileError("users", 3, message), error);
        Assert.Equal($"users:3: {message}", error.ToString());
    }

    [Fact]
    public void Parse_DuplicateNameOrStaticAddress_NamesTheFirstLine()
    {
        const string text = """
            alice nt=44ebba8d5312b8d611474411f56989ae ipv4=10.88.0.5 ipv6=fd00:88:0:1::/64
            ALICE nt=44ebba8d5312b8d611474411f56989ae
            bob nt=44ebba8d5312b8d611474411f56989ae ipv4=10.88.0.5
            carol nt=44ebba8d5312b8d611474411f56989ae ipv6=fd00:88:0:1::77
            """;

        var errors = UsersFile.Parse(text, "/etc/sstp/users").Errors.Select(e => e.ToString());

        Assert.Equal(
            [
                "/etc/sstp/users:2: user 'ALICE' is already defined on line 1",
                "/etc/sstp/users:3: ipv4 10.88.0.5 is already given to 'alice' on line 1",
                "/etc/sstp/users:4: ipv6 fd00:88:0:1::/64 is already given to 'alice' on line 1",
            ],
            errors);
    }

    [Fact]
    public void Parse_ReportsEveryBadLine()
    {
        var result = UsersFile.Parse("a nt=1\nb\nc nt=44ebba8d5312b8d611474411f56989ae\r\nd nt=2\n", "u");
        Assert.Equal([1, 2, 4], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void Parse_AddressForm_StandsForItsSlash64()
    {
        var file = UsersFile.Parse("alice nt=44ebba8d5312b8d611474411f56989ae ipv6=fd00:88:0:7::1234\n", "u").File!;
        Assert.Equal(IPNetwork.Parse("fd00:88:0:7::/64"), file.Users[0].StaticIPv6);
    }

    [Fact]
    public void Parse_RandomText_NeverThrows()
    {
        Gen.String[0, 300].Sample(text =>
        {
            var result = UsersFile.Parse(text, "u");
            Assert.True(result.Succeeded ^ (result.Errors.Count > 0));
        });
    }

    [Theory]
    [InlineData("", "", "a user name must not be empty")]
    [InlineData("a b", "x", "a user name must not contain whitespace or control characters")]
    [InlineData("a#b", "x", "a user name must not contain '#'")]
    [InlineData("alice", "", "the password must not be empty")]
    [InlineData("ALICE", "x", "user 'alice' already exists (delete it first to change it)")]
    public void TryAdd_Refusals(string name, string password, string message)
    {
        var file = UsersFile.Empty.Add("alice", "pw", false);
        Assert.False(file.TryAdd(name, password, false, null, null, out var same, out var error));
        Assert.Same(file, same);
        Assert.Equal(message, error);
    }

    [Fact]
    public void TryAdd_StaticAddressOfAnotherUser_IsRefused()
    {
        var file = UsersFile.Empty.Add("alice", "pw", false, IPAddress.Parse("10.88.0.5"), IPNetwork.Parse("fd00:88:0:1::/64"));

        Assert.False(file.TryAdd("bob", "pw", false, IPAddress.Parse("10.88.0.5"), null, out _, out var e4));
        Assert.False(file.TryAdd("bob", "pw", false, null, IPNetwork.Parse("fd00:88:0:1::/64"), out _, out var e6));
        Assert.Equal("ipv4 10.88.0.5 is already given to 'alice'", e4);
        Assert.Equal("ipv6 fd00:88:0:1::/64 is already given to 'alice'", e6);
    }

    [Fact]
    public void Delete_IsCaseInsensitiveAndImmutable()
    {
        var file = UsersFile.Empty.Add("alice", "pw", false);
        var after = file.Delete("ALICE");
        Assert.Single(file.Users);
        Assert.Empty(after.Users);
        Assert.False(after.TryDelete("alice", out _));
        Assert.Throws<KeyNotFoundException>(() => after.Delete("alice"));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Save_WritesMode0600AndLoadsBack()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "etc", "sstp", "users");
        var file = UsersFile.Empty.Add("alice", "clientPass", false);

        file.Save(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        var loaded = UsersFile.Load(path);
        Assert.True(loaded.Succeeded);
        Assert.Empty(loaded.Warnings);
        Assert.Equal(file.Users, loaded.File!.Users);
        Assert.Equal(["users"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Save_OverAWorldReadableFile_LeavesMode0600()
    {
        using var dir = new TempDirectory();
        string path = dir.File("users");
        File.WriteAllText(path, "# old\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Single(UsersFile.Load(path).Warnings);

        UsersFile.Load(path).File!.Add("bob", "pw", true).Save(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("# old\nbob", File.ReadAllText(path)[..9]);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Load_GroupReadable_LoadsWithoutWarning_GroupWritable_Warns()
    {
        using var dir = new TempDirectory();
        string path = dir.File("users");
        UsersFile.Empty.Add("alice", "pw", false).Save(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Assert.Empty(UsersFile.Load(path).Warnings);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        Assert.Contains("chmod 600", Assert.Single(UsersFile.Load(path).Warnings), StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Save_OverAGroupReadableFile_KeepsItsGroupAndMode0640()
    {
        // Only root may give a file a group it is not a member of (the server's users file is root's).
        if (Sstp.IO.Primitives.UnixCredentials.EffectiveUserId != 0)
        {
            Assert.Skip("needs root to chgrp to another group");
        }

        using var dir = new TempDirectory();
        string path = dir.File("users");
        UsersFile.Empty.Add("alice", "pw", false).Save(path);
        const uint Nogroup = 65534;
        Assert.True(Sstp.IO.Primitives.UnixFileGroup.TrySet(path, Nogroup));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        UsersFile.Load(path).File!.Add("bob", "pw", false).Save(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.True(Sstp.IO.Primitives.UnixFileGroup.TryGet(path, out uint gid));
        Assert.Equal(Nogroup, gid);
        Assert.Equal(2, UsersFile.Load(path).File!.Users.Count);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Save_OverAnOwnerOnlyFile_KeepsMode0600AndOurGroup()
    {
        using var dir = new TempDirectory();
        string path = dir.File("users");
        UsersFile.Empty.Add("alice", "pw", false).Save(path);
        Assert.True(Sstp.IO.Primitives.UnixFileGroup.TryGet(path, out uint before));

        UsersFile.Load(path).File!.Add("bob", "pw", false).Save(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(Sstp.IO.Primitives.UnixFileGroup.TryGet(path, out uint after));
        Assert.Equal(before, after);
    }

    [Fact]
    public void Load_MissingFile_IsOneFileLevelError()
    {
        using var dir = new TempDirectory();
        var result = UsersFile.Load(dir.File("users"));
        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Line);
        Assert.Contains("sstp user add", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Rate_OneValueForBothDirections_OrDownSlashUp()
    {
        var file = UsersFile.Parse("a nt=44ebba8d5312b8d611474411f56989ae rate=50M\nb nt=44ebba8d5312b8d611474411f56989ae rate=10M/512k\n", "users").File!;

        Assert.Equal(new Sstp.Protocol.Policing.RateLimit(50_000_000, 50_000_000), file.Find("a")!.Rate);
        Assert.Equal(new Sstp.Protocol.Policing.RateLimit(10_000_000, 512_000), file.Find("b")!.Rate);
        Assert.Contains("b nt=44ebba8d5312b8d611474411f56989ae rate=10M/512k\n", file.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void UserRecord_ToString_HidesSecrets()
    {
        var user = UserRecord.FromPassword("alice", "clientPass", storeClear: true);
        string text = user.ToString();
        Assert.DoesNotContain("clientPass", text, StringComparison.Ordinal);
        Assert.DoesNotContain("44", text, StringComparison.Ordinal);
        Assert.Contains("Chap = True", text, StringComparison.Ordinal);
    }

    [Fact]
    public void UserRecord_MatchesPassword_OnlyTheRightOne()
    {
        var user = UserRecord.FromPassword("alice", "clientPass", storeClear: false);
        Assert.True(user.MatchesPassword("clientPass"));
        Assert.False(user.MatchesPassword("clientpass"));
    }
}

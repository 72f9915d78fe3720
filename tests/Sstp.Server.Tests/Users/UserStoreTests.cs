using System.Net;
using Sstp.Server.Users;

namespace Sstp.Server.Tests.Users;

public class UserStoreTests
{
    private static readonly UserStore Store = UsersFile.Empty
        .Add("alice", "a", false, IPAddress.Parse("10.88.0.10"))
        .Add("bob", "b", true, null, IPNetwork.Parse("fd00:88:0:9::/64"))
        .ToStore();

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("ALICE", "alice")]
    [InlineData(@"CORP\alice", "alice")]
    [InlineData(@"a\b\bob", "bob")]
    public void TryGet_StripsTheDomainAndIgnoresCase(string received, string stored)
    {
        Assert.True(Store.TryGet(received, out var user));
        Assert.Equal(stored, user.Name);
    }

    [Theory]
    [InlineData("carol")]
    [InlineData(@"alice\")]
    [InlineData("")]
    public void TryGet_UnknownName_IsFalse(string received)
    {
        Assert.False(Store.TryGet(received, out _));
    }

    [Fact]
    public void StaticAddresses_AreExposedForThePools()
    {
        Assert.Equal(2, Store.Count);
        Assert.Equal(IPAddress.Parse("10.88.0.10"), Assert.Single(Store.StaticIPv4).Value);
        Assert.Equal("bob", Assert.Single(Store.StaticIPv6).Key);
        Assert.Equal(IPAddress.Parse("10.88.0.10"), Store.StaticIPv4["ALICE"]);
    }

    [Fact]
    public void Empty_HasNoUsers()
    {
        Assert.Equal(0, UserStore.Empty.Count);
        Assert.False(UserStore.Empty.TryGet("alice", out _));
    }

    [Theory]
    [InlineData(@"CORP\alice", "alice")]
    [InlineData("alice", "alice")]
    [InlineData(@"\", "")]
    public void StripDomain_KeepsThePartAfterTheLastBackslash(string name, string expected)
    {
        Assert.Equal(expected, UserNames.StripDomain(name));
    }
}

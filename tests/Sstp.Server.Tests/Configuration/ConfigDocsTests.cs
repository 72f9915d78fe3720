using System.Text.RegularExpressions;
using Sstp.Server.Configuration;

namespace Sstp.Server.Tests.Configuration;

/// <summary>docs/sstp.conf.example and docs/CONFIGURATION.md must list exactly the keys the code knows.</summary>
public partial class ConfigDocsTests
{
    private static string ReadDoc(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", name));

    /// <summary>The example with every <c>#key = value</c> line uncommented.</summary>
    private static string UncommentedExample() => CommentedKeyLine().Replace(ReadDoc("sstp.conf.example"), "$1");

    [Fact]
    public void Example_ListsEveryKnownKeyOnce()
    {
        var keys = new List<string>();
        string section = "";
        foreach (string line in ReadDoc("sstp.conf.example").Split('\n'))
        {
            if (line.StartsWith('['))
            {
                section = line.Trim('[', ']', ' ', '\r');
            }
            else if (CommentedKeyLine().Match(line) is { Success: true } m)
            {
                keys.Add(section + "." + m.Groups[1].Value.Split('=')[0].Trim());
            }
        }

        Assert.Equal(ConfigKeys.All.Select(k => k.Name).Order(), keys.Order());
    }

    [Fact]
    public void Example_Uncommented_LoadsToExactlyTheDefaults()
    {
        var result = ServerOptionsLoader.LoadFromText(UncommentedExample(), null);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(ConfigDescription.Of(ServerOptions.Default), ConfigDescription.Of(result.Options!));
    }

    [Fact]
    public void Example_AsShipped_LoadsToTheDefaults()
    {
        var result = ServerOptionsLoader.LoadFromText(ReadDoc("sstp.conf.example"), null);
        Assert.True(result.Succeeded);
        Assert.Equal(ConfigDescription.Of(ServerOptions.Default), ConfigDescription.Of(result.Options!));
    }

    [Fact]
    public void ConfigurationMd_KeyTableMatchesTheCode()
    {
        var rows = new List<(string Key, string Option)>();
        foreach (string line in ReadDoc("CONFIGURATION.md").Split('\n'))
        {
            if (KeyTableRow().Match(line) is { Success: true } m)
            {
                rows.Add((m.Groups[1].Value, m.Groups[2].Value));
            }
        }

        Assert.Equal(
            ConfigKeys.All.Select(k => (k.Name, k.CliOption)).OrderBy(r => r.Name),
            rows.OrderBy(r => r.Key));
    }

    [Fact]
    public void ConfigurationMd_DocumentsEveryUsersFileField()
    {
        string doc = ReadDoc("CONFIGURATION.md");
        Assert.All(new[] { "`nt=`", "`chap=`", "`ipv4=`", "`ipv6=`" }, f => Assert.Contains(f, doc, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^#([a-z0-9-]+ =.*)$", RegexOptions.Multiline)]
    private static partial Regex CommentedKeyLine();

    [GeneratedRegex(@"^\| `([a-z0-9-]+\.[a-z0-9-]+)` \| `(--[a-z0-9-]+)` \|")]
    private static partial Regex KeyTableRow();
}

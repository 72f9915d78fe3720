using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Sstp.Server.Tests.Logging;

/// <summary>
/// No source-generated log method of the server, the I/O layer or the client takes a parameter named like a
/// secret (password, secret, key, hash, NT hash, HLAK, CMK, MPPE): what cannot be passed cannot be written.
/// </summary>
public sealed partial class LogSecretParameterTests
{
    /// <summary>Parameters whose names look like a secret but hold public facts.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "bindingHash",   // the crypto binding's hash algorithm (Sha1/Sha256), not a hash value
        "sha256",        // the server certificate's SHA-256: public, clients pin it
    };

    private static readonly Assembly[] Logging =
    [
        typeof(Sstp.Server.Hosting.SstpServer).Assembly,
        typeof(Sstp.IO.Driving.SessionDriver).Assembly,
        typeof(Sstp.Client.SstpClient).Assembly,
    ];

    public static TheoryData<string> Assemblies => [.. Logging.Select(a => a.GetName().Name!)];

    [GeneratedRegex("pass(word)?|secret|key|hash|hlak|cmk|mppe|nt_?hash|credential|token", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLike();

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void LogMethods_HaveNoParameterNamedLikeASecret(string assemblyName)
    {
        var assembly = Logging.Single(a => a.GetName().Name == assemblyName);
        var methods = assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<LoggerMessageAttribute>() is not null)
            .ToList();

        Assert.NotEmpty(methods);
        var offenders = methods
            .SelectMany(m => m.GetParameters().Select(p => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Parameter: p.Name ?? string.Empty)))
            .Where(x => SecretLike().IsMatch(x.Parameter) && !Allowed.Contains(x.Parameter))
            .Select(x => $"{x.Method}({x.Parameter})")
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void LogTemplates_NameNoSecret()
    {
        var templates = Logging
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>()?.Message)
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(templates);
        Assert.DoesNotContain(templates, t => Regex.IsMatch(t, @"\{(Password|Secret|Key|NtHash|Hlak|Cmk|Mppe\w*)\}", RegexOptions.IgnoreCase));
    }
}

using System.Reflection;

namespace Sstp.Protocol.Tests.Architecture;

/// <summary>
/// What the sans-I/O core must never touch (ARCHITECTURE.md C5; the brief's list, plus the rest of
/// src/Sstp.Protocol/BannedSymbols.txt): sockets, files, threads, tasks, timers, clocks, randomness,
/// console, environment and logging.
/// </summary>
internal static class CoreRules
{
    /// <summary>Whole namespaces (a type in it or below it).</summary>
    private static readonly string[] BannedNamespaces =
    [
        "System.Net.Sockets",
        "System.Threading.Tasks",
        "System.Timers",
        "Microsoft.Extensions.Logging",
    ];

    /// <summary>Type full names that ban the type itself; entries ending in '*' ban every type with that prefix.</summary>
    private static readonly string[] BannedTypes =
    [
        "System.IO.File*",
        "System.IO.Directory*",
        "System.Threading.Thread",
        "System.Threading.ThreadPool",
        "System.Threading.Timer",
        "System.Diagnostics.Stopwatch",
        "System.Random",
        "System.Security.Cryptography.RandomNumberGenerator",
        "System.Console",
        "System.Environment",
        "System.TimeProvider",
    ];

    /// <summary>Single members of otherwise allowed types ("Type.Member", property getters by their IL name).</summary>
    private static readonly string[] BannedMembers =
    [
        "System.DateTime.get_Now",
        "System.DateTime.get_UtcNow",
        "System.DateTime.get_Today",
        "System.DateTimeOffset.get_Now",
        "System.DateTimeOffset.get_UtcNow",
        "System.Guid.NewGuid",
    ];

    /// <summary>Assemblies the core may reference besides the BCL.</summary>
    public static bool IsAllowedAssembly(AssemblyName name) =>
        name.Name is { } n && (n == "System" || n.StartsWith("System.", StringComparison.Ordinal) || n == "netstandard"
            || n == "mscorlib" || n == "BouncyCastle.Cryptography");

    /// <summary>The rule <paramref name="member"/> breaks, or null when it is allowed.</summary>
    public static string? Violation(MemberInfo member)
    {
        if (member is not Type)
        {
            string full = $"{Normalize(member.DeclaringType)?.FullName}.{member.Name}";
            if (BannedMembers.Contains(full))
            {
                return full;
            }
        }

        for (var type = Normalize(member as Type ?? member.DeclaringType); type is not null; type = Normalize(type.DeclaringType))
        {
            string ns = type.Namespace ?? string.Empty;
            foreach (string banned in BannedNamespaces)
            {
                if (ns == banned || ns.StartsWith(banned + ".", StringComparison.Ordinal))
                {
                    return $"namespace {banned} ({IlScanner.Describe(member)})";
                }
            }

            string name = type.FullName ?? string.Empty;
            foreach (string banned in BannedTypes)
            {
                bool hit = banned.EndsWith('*')
                    ? name.StartsWith(banned[..^1], StringComparison.Ordinal)
                    : name == banned || name.StartsWith(banned + "`", StringComparison.Ordinal);
                if (hit)
                {
                    return $"type {banned} ({IlScanner.Describe(member)})";
                }
            }
        }

        return null;
    }

    /// <summary>Generic definition for constructed types, element type for arrays, pointers and by-refs.</summary>
    private static Type? Normalize(Type? type)
    {
        while (type is { HasElementType: true })
        {
            type = type.GetElementType();
        }

        return type is { IsGenericType: true, IsGenericTypeDefinition: false } ? type.GetGenericTypeDefinition() : type;
    }
}

using System.Reflection;
using Sstp.Protocol.Http;

namespace Sstp.Protocol.Tests.Architecture;

/// <summary>
/// ARCHITECTURE.md §2.1 and C5: Sstp.Protocol references only the BCL and BouncyCastle, and its IL uses no
/// socket, file, thread, task, timer, clock, random, console, environment or logging API.
/// </summary>
public class CoreDependencyTests
{
    private static readonly Assembly Core = typeof(HttpRequestParser).Assembly;

    [Fact]
    public void CoreAssembly_IsSstpProtocol()
    {
        Assert.Equal("Sstp.Protocol", Core.GetName().Name);
    }

    [Fact]
    public void ReferencedAssemblies_OnlyBclAndBouncyCastle()
    {
        var foreign = Core.GetReferencedAssemblies().Where(a => !CoreRules.IsAllowedAssembly(a)).Select(a => a.FullName).ToList();
        Assert.Empty(foreign);
    }

    [Fact]
    public void ReferencedAssemblies_NoIoOrLoggingAssemblies()
    {
        string[] banned = ["System.Net.Sockets", "System.Console", "System.IO.FileSystem", "System.Threading.Thread", "System.Threading.Timer"];
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), a => banned.Contains(a.Name));
    }

    [Fact]
    public void EveryMethodIl_UsesNoBannedApi()
    {
        var violations = (
            from method in IlScanner.MethodsOf(Core)
            from reference in IlScanner.References(method)
            where reference.Member is not null
            let rule = CoreRules.Violation(reference.Member!)
            where rule is not null
            select $"{IlScanner.Describe(method)} IL_{reference.Offset:X4} {reference.OpCode.Name}: {rule}").ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void EveryIlToken_Resolves()
    {
        var methods = IlScanner.MethodsOf(Core).ToList();
        var unresolved = methods.SelectMany(IlScanner.References).Where(r => r.Member is null)
            .Select(r => $"{IlScanner.Describe(r.Method)} IL_{r.Offset:X4}: {r.ResolveError}").ToList();
        Assert.True(unresolved.Count == 0, string.Join(Environment.NewLine, unresolved));

        // The scan really covers the core: the request parser is among the methods and calls into the BCL.
        var tryParse = methods.Single(m => m.DeclaringType == typeof(HttpRequestParser) && m.Name == nameof(HttpRequestParser.TryParse));
        Assert.Contains(IlScanner.References(tryParse), r => r.Member is MethodInfo { Name: "IndexOf" });
    }
}

using System.Reflection;

namespace Sstp.Protocol.Tests.Architecture;

/// <summary>
/// Self-checks for the IL scan behind <see cref="CoreDependencyTests"/>: it must find a banned call in small
/// methods of this assembly (also after switch tables and 8-byte constants, inside lambdas and in generic
/// code), and find nothing in a clean method.
/// </summary>
public class IlScannerTests
{
    private static List<string> ViolationsOf(string methodName)
    {
        var method = typeof(BannedSamples).GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        return IlScanner.References(method).Where(r => r.Member is not null)
            .Select(r => CoreRules.Violation(r.Member!)).OfType<string>().ToList();
    }

    [Theory]
    [InlineData(nameof(BannedSamples.ReadsClockAfterSwitchAndWideConstants), "System.DateTime.get_UtcNow")]
    [InlineData(nameof(BannedSamples.CreatesRandom), "type System.Random")]
    [InlineData(nameof(BannedSamples.WritesConsole), "type System.Console")]
    [InlineData(nameof(BannedSamples.ReadsEnvironment), "type System.Environment")]
    [InlineData(nameof(BannedSamples.StartsTask), "namespace System.Threading.Tasks")]
    [InlineData(nameof(BannedSamples.GenericTask), "namespace System.Threading.Tasks")]
    [InlineData(nameof(BannedSamples.ReadsFile), "type System.IO.File*")]
    [InlineData(nameof(BannedSamples.SleepsThread), "type System.Threading.Thread")]
    [InlineData(nameof(BannedSamples.UsesStopwatchType), "type System.Diagnostics.Stopwatch")]
    [InlineData(nameof(BannedSamples.UsesSocketEnum), "namespace System.Net.Sockets")]
    [InlineData(nameof(BannedSamples.FillsFromRng), "type System.Security.Cryptography.RandomNumberGenerator")]
    public void BannedSample_IsDetected(string method, string rulePrefix)
    {
        Assert.Contains(ViolationsOf(method), v => v.StartsWith(rulePrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void CleanSample_HasNoViolation()
    {
        Assert.Empty(ViolationsOf(nameof(BannedSamples.Clean)));
    }

    [Fact]
    public void CleanSample_ResolvesCallsAndFieldLoads()
    {
        var method = typeof(BannedSamples).GetMethod(nameof(BannedSamples.Clean))!;
        var members = IlScanner.References(method).Select(r => r.Member).ToList();
        Assert.Contains(typeof(string).GetField(nameof(string.Empty)), members);
        Assert.Contains(members, m => m is MethodInfo { Name: nameof(Math.Max) });
    }

    [Fact]
    public void BannedCallInsideLambda_FoundWhenScanningNestedTypes()
    {
        var all = typeof(BannedSamples).GetNestedTypes(BindingFlags.NonPublic).Append(typeof(BannedSamples))
            .SelectMany(IlScanner.MethodsOf)
            .SelectMany(IlScanner.References)
            .Where(r => r.Member is not null && CoreRules.Violation(r.Member) is { } v && v.Contains("Console", StringComparison.Ordinal))
            .Select(r => r.Method.Name).ToList();
        Assert.Contains(all, name => name.Contains("LambdaWritesConsole", StringComparison.Ordinal) && name != nameof(BannedSamples.LambdaWritesConsole));
    }

    [Fact]
    public void WholeTestAssembly_DecodesToTheLastByte()
    {
        // References() throws when the opcode walk does not end exactly at the end of a method body.
        Assert.NotEmpty(IlScanner.MethodsOf(typeof(IlScannerTests).Assembly).SelectMany(IlScanner.References));
    }

    [Fact]
    public void Violation_AllowsOrdinaryBclMembers()
    {
        Assert.Null(CoreRules.Violation(typeof(DateTime).GetProperty(nameof(DateTime.Year))!.GetMethod!));
        Assert.Null(CoreRules.Violation(typeof(System.Buffers.Binary.BinaryPrimitives)));
        Assert.Null(CoreRules.Violation(typeof(System.Net.IPAddress)));
        Assert.NotNull(CoreRules.Violation(typeof(System.IO.FileInfo)));
        Assert.NotNull(CoreRules.Violation(typeof(Random[])));
        Assert.NotNull(CoreRules.Violation(typeof(Task<int>)));
        Assert.NotNull(CoreRules.Violation(typeof(DateTimeOffset).GetProperty(nameof(DateTimeOffset.UtcNow))!.GetMethod!));
    }
}

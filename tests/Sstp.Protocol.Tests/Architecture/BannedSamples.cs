using System.Net.Sockets;
using System.Security.Cryptography;

namespace Sstp.Protocol.Tests.Architecture;

/// <summary>Small methods that each use one banned API, for <see cref="IlScannerTests"/>. Never called.</summary>
internal static class BannedSamples
{
    /// <summary>A switch table and ldc.i8 / ldc.r8 precede the clock read, so a wrong operand size misaligns the walk.</summary>
    public static long ReadsClockAfterSwitchAndWideConstants(int selector)
    {
        long wide = selector switch
        {
            0 => 0x1122334455667788L,
            1 => 42L,
            2 => -7L,
            3 => 1000L,
            _ => (long)(selector * 3.141592653589793),
        };
        return wide + DateTime.UtcNow.Ticks;
    }

    public static int CreatesRandom() => new Random(1).Next();

    public static void WritesConsole() => Console.WriteLine("x");

    public static int ReadsEnvironment() => Environment.ProcessorCount;

    public static Task StartsTask() => Task.Run(() => { });

    public static Task<T> GenericTask<T>(T value) => Task.FromResult(value);

    public static bool ReadsFile() => File.Exists("/nonexistent");

    public static void SleepsThread() => Thread.Sleep(0);

    public static Type UsesStopwatchType() => typeof(System.Diagnostics.Stopwatch);

    public static int UsesSocketEnum(SocketError error) => error == SocketError.Success ? 0 : (int)new SocketException((int)error).SocketErrorCode;

    public static void FillsFromRng(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    public static Action LambdaWritesConsole(string text) => () => Console.WriteLine(text);

    public static int Clean(int a, int b) => Math.Max(a, b) + string.Empty.Length;
}

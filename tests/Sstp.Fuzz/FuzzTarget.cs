namespace Sstp.Fuzz;

/// <summary>Checks one input against a decoder's invariants; throws <see cref="FuzzInvariantException"/> when one fails.</summary>
/// <param name="input">The fuzzer's bytes.</param>
public delegate void FuzzCheck(ReadOnlySpan<byte> input);

/// <summary>One fuzz target: a name for the command line and corpus folder, and its check.</summary>
/// <param name="Name">Command-line name, also the folder under corpus/ and regressions/.</param>
/// <param name="Description">What it feeds the input to.</param>
/// <param name="Check">Decodes the input and checks the invariants.</param>
/// <param name="AllocationBound">The most bytes one check may allocate for an input of the given length.</param>
public sealed record FuzzTarget(string Name, string Description, FuzzCheck Check, Func<int, long> AllocationBound)
{
    /// <summary>The default allocation bound for a decoder: 16 bytes per input byte plus 64 KiB.</summary>
    public static long DecoderBound(int inputLength) => (16L * inputLength) + (64 * 1024);

    /// <summary>The bound for targets that build whole state machines: 64 bytes per input byte plus 4 MiB.</summary>
    public static long MachineBound(int inputLength) => (64L * inputLength) + (4 * 1024 * 1024);

    /// <summary>
    /// Runs the check on <paramref name="input"/> and then checks the allocation bound. Any exception that
    /// leaves the decoder is a finding, and so is an allocation past the bound.
    /// </summary>
    public void Run(ReadOnlySpan<byte> input)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Check(input);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = AllocationBound(input.Length);
        Invariant.Require(allocated <= bound, $"allocated {allocated} bytes for a {input.Length}-byte input (bound {bound})");
    }
}

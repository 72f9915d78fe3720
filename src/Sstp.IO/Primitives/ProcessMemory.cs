namespace Sstp.IO.Primitives;

/// <summary>
/// Gives memory that a burst of work left committed back to the system: the garbage collector's free regions
/// (an aggressive, compacting full collection decommits them) and the free pages in the C library's malloc arenas,
/// where OpenSSL keeps the per-connection buffers of connections that are gone. Costs one blocking full
/// collection: call it rarely, when load has fallen, never on a timer that runs regardless.
/// </summary>
public static class ProcessMemory
{
    private static volatile bool s_noMallocTrim;

    /// <summary>Collects, compacts and decommits; returns the resident set size before and after, in bytes.</summary>
    public static (long Before, long After) Trim()
    {
        long before = Environment.WorkingSet;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (OperatingSystem.IsLinux() && !s_noMallocTrim)
        {
            try
            {
                _ = Interop.Linux.Interop.MallocTrim(0);
            }
            catch (EntryPointNotFoundException)
            {
                // Not glibc (e.g. musl): nothing to trim this way.
                s_noMallocTrim = true;
            }
        }

        return (before, Environment.WorkingSet);
    }
}

using Sstp.Client.Platform;

namespace Sstp.Client.Tests.Platform;

/// <summary>A probe with fixed answers; programs are matched by file name, whatever the path.</summary>
internal sealed class FakeDnsProbe(bool resolvedRunning, params string[] programs) : IDnsProbe
{
    public bool IsProgramAvailable(string program) => programs.Contains(Path.GetFileName(program));

    public bool IsResolvedRunning() => resolvedRunning;
}

using Sstp.Fuzz.Targets;

namespace Sstp.Fuzz;

/// <summary>The registry of every fuzz target, by name.</summary>
public static class FuzzTargets
{
    /// <summary>Every target, in a stable order.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        .. HttpTargets.All,
        .. SstpTargets.All,
        .. PppTargets.All,
        .. AuthTargets.All,
        .. RadiusTargets.All,
        .. IpTargets.All,
        .. SessionTargets.All,
    ];

    /// <summary>The target called <paramref name="name"/>, or null.</summary>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}

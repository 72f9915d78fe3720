namespace Sstp.Server.Protection;

/// <summary>What <see cref="SourceGuard.TryAdmit"/> decided about a new connection.</summary>
public enum SourceVerdict
{
    /// <summary>Go on with the connection.</summary>
    Admitted,

    /// <summary>The source is banned for failed logins.</summary>
    Banned,

    /// <summary>The source opens connections faster than the per-source rate.</summary>
    RateLimited,

    /// <summary>The source already has its maximum of unauthenticated connections.</summary>
    TooManyPreAuth,
}

/// <summary>The outcome of <see cref="SourceGuard.TryAdmit"/>.</summary>
/// <param name="Verdict">Admitted or why not.</param>
/// <param name="Key">The source the connection counts for.</param>
/// <param name="Tracked">
/// True when an admitted connection holds a pre-authentication slot of its source: give it back once with
/// <see cref="SourceGuard.EndPreAuth"/>.
/// </param>
public readonly record struct Admission(SourceVerdict Verdict, SourceKey Key, bool Tracked);

/// <summary>A ban that has just started.</summary>
/// <param name="Key">The banned source.</param>
/// <param name="Failures">Failed logins within the window that led to it.</param>
/// <param name="Users">The distinct user names tried (at most a few).</param>
/// <param name="Duration">How long it lasts.</param>
public sealed record BanStart(SourceKey Key, int Failures, IReadOnlyList<string> Users, TimeSpan Duration);

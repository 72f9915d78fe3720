namespace Sstp.Server.Control;

/// <summary>
/// What the management socket can ask of the server. Every member may be called from any thread, at any time
/// while the socket is open.
/// </summary>
public interface IControlTarget
{
    /// <summary>The server's state for <c>status</c>.</summary>
    ControlStatus GetStatus();

    /// <summary>The session table for <c>sessions</c>, ordered by id.</summary>
    IReadOnlyList<ControlSession> GetSessions();

    /// <summary>
    /// Ends the session <paramref name="id"/>, or every session of <paramref name="user"/> (exactly one is
    /// given), the way a RADIUS Disconnect-Request does; returns the ids told to end (empty when none matched).
    /// <paramref name="caller"/> names who asked, for the log.
    /// </summary>
    IReadOnlyList<long> Kick(long? id, string? user, string caller);

    /// <summary>
    /// Starts draining (or, when already draining, leaves it as it is and only reports): no new connections,
    /// <c>/health</c> answers 503, and the server stops once no session is left or when
    /// <paramref name="deadline"/> has passed. Returns the state after the call.
    /// </summary>
    ControlStatus Drain(TimeSpan? deadline, string caller);

    /// <summary>True when <see cref="ReloadAsync"/> is available.</summary>
    bool CanReload { get; }

    /// <summary>Re-reads the configuration; returns a sentence saying what changed. Throws when it failed.</summary>
    Task<string> ReloadAsync(CancellationToken cancel);
}

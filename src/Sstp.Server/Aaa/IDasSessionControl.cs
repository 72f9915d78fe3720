using Sstp.Protocol.Policing;

namespace Sstp.Server.Aaa;

/// <summary>
/// What the Dynamic Authorization listener asks of the server's sessions (RFC 5176, AUTH.md §7.7). The
/// server implements it. The listener calls it from its single receive loop, one request at a time, and never
/// twice for a retransmitted request; an implementation must return quickly (post to the session's loop, do
/// not wait for the teardown to finish).
/// </summary>
public interface IDasSessionControl
{
    /// <summary>
    /// Disconnect-Request: finds the sessions that match <paramref name="selector"/> (Acct-Session-Id and/or
    /// User-Name, and Framed-IP-Address when given) and ends them (LCP Terminate, SSTP Call Disconnect,
    /// then Accounting-Stop with Acct-Terminate-Cause Admin-Reset).
    /// </summary>
    /// <returns><see cref="DasOutcome.Done"/> when at least one session was found and is being ended.</returns>
    DasOutcome Disconnect(DasSelector selector);

    /// <summary>
    /// CoA-Request: applies the new Session-Timeout (counted from the start of the session, as in an
    /// Access-Accept; null = unchanged) and the new rate limit (the directions it specifies; the others keep
    /// theirs) to the sessions that match <paramref name="selector"/>, live.
    /// </summary>
    /// <returns>
    /// <see cref="DasOutcome.Done"/> when at least one session was found and changed;
    /// <see cref="DasOutcome.Unsupported"/> when the request changes nothing this server can change.
    /// </returns>
    DasOutcome Change(DasSelector selector, TimeSpan? sessionTimeout, RateLimit rateLimit);
}

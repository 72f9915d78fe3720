using Sstp.IO.Driving;
using Sstp.Protocol.Policing;
using Sstp.Server.Diagnostics;

namespace Sstp.Server.Hosting;

/// <summary>
/// Per-user rate limits: which source decides, and the clock the policers run on. Per direction, the newest CoA
/// wins over the Access-Accept, which wins over the users file's <c>rate=</c>, which wins over
/// <c>limits.rate</c>; a direction none of them names is unlimited, as is one set to 0.
/// </summary>
public sealed partial class SstpServer
{
    private readonly long _rateEpoch;
    private Func<long>? _rateClock;

    /// <summary>The policers' clock: monotonic <see cref="TimeSpan"/> ticks since the server was created.</summary>
    private long RateNow() => _time.GetElapsedTime(_rateEpoch).Ticks;

    /// <summary><see cref="RateNow"/> as one delegate, so the data path neither allocates nor reads the clock when unlimited.</summary>
    private Func<long> RateClock => _rateClock ??= RateNow;

    /// <summary>Session loop: computes the limit in force from its sources and publishes it to both directions.</summary>
    private void ApplyRate(ServerSessionState state)
    {
        var limit = state.CoaRate
            .Over(state.Authorization?.RateLimit ?? default)
            .Over(state.UserRate)
            .Over(_options.Limits.Rate);
        state.Rate.Set(limit);
    }

    /// <summary>A CoA's new rate, run on the session's loop: the directions it names replace the current ones.</summary>
    private void ChangeRate(SessionDriver driver, RateLimit change)
    {
        var state = (ServerSessionState)driver.HostState!;
        state.CoaRate = change.Over(state.CoaRate);
        var before = state.Rate.Current;
        ApplyRate(state);
        ServerLog.RateChanged(_log, state.Id, state.User ?? "-", before.ToString(), state.Rate.Current.ToString());
    }
}

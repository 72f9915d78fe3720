using Sstp.Protocol.Policing;
using Sstp.Server.Aaa;

namespace Sstp.Server.Tests.Aaa;

/// <summary>A scripted <see cref="IDasSessionControl"/> that records every call.</summary>
internal sealed class DasFakeSessions : IDasSessionControl
{
    public List<DasSelector> Disconnects { get; } = [];

    public List<(DasSelector Selector, TimeSpan? SessionTimeout, RateLimit RateLimit)> Changes { get; } = [];

    public DasOutcome Outcome { get; set; } = DasOutcome.Done;

    public bool Throw { get; set; }

    public DasOutcome Disconnect(DasSelector selector)
    {
        Disconnects.Add(selector);
        return Answer();
    }

    public DasOutcome Change(DasSelector selector, TimeSpan? sessionTimeout, RateLimit rateLimit)
    {
        Changes.Add((selector, sessionTimeout, rateLimit));
        return Answer();
    }

    private DasOutcome Answer() => Throw ? throw new InvalidOperationException("session table broken") : Outcome;
}

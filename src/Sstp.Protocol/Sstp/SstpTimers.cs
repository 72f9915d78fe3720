namespace Sstp.Protocol.Sstp;

/// <summary>The timer values both roles share (SSTP.md §6), copied from the role's settings record.</summary>
internal readonly record struct SstpTimers(
    TimeSpan Negotiation,
    TimeSpan Hello,
    TimeSpan Abort1,
    TimeSpan Abort2,
    TimeSpan Disconnect1,
    TimeSpan Disconnect2);

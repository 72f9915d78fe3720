namespace Sstp.Client.Bench;

/// <summary>The outcome of one session setup: the time from TCP connect start to TunnelUp, or why it failed.</summary>
/// <param name="Elapsed">Time from the start of the TCP connect to TunnelUp (or to the failure).</param>
/// <param name="Failure">Null on success; otherwise the failure class, a <c>DisconnectReason</c> name or an exception kind
/// (e.g. <c>TransportLost</c>, <c>AuthenticationFailed</c>, <c>SocketException.ConnectionRefused</c>, <c>Timeout</c>).</param>
public readonly record struct BenchSetupResult(TimeSpan Elapsed, string? Failure)
{
    /// <summary>True when the tunnel came up.</summary>
    public bool Succeeded => Failure is null;
}

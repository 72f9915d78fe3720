namespace Sstp.Server.Hosting;

/// <summary>The step between opening everything and serving (the privilege drop hooks in here).</summary>
public sealed partial class SstpServer
{
    /// <summary>
    /// Called once the TUN device, the listeners and the metrics/RADIUS sockets are open, right before
    /// <see cref="Ready"/> and before the first connection is accepted. An exception it throws stops the server:
    /// <see cref="RunAsync"/> closes what it opened and rethrows it.
    /// </summary>
    public Action? AfterOpen { get; set; }
}

using System.Net;

namespace Sstp.Client.Platform;

/// <summary>What <see cref="DnsConfigurator.ApplyAsync"/> did.</summary>
/// <param name="Backend">The backend used; <see cref="DnsBackend.None"/> when nothing was configured.</param>
/// <param name="Servers">The DNS servers handed over (or to be set by hand).</param>
/// <param name="Message">One line for the user: what was configured, or which servers to set by hand.</param>
public sealed record DnsResult(DnsBackend Backend, IReadOnlyList<IPAddress> Servers, string Message);

using System.Net;
using Sstp.Protocol.Radius;

namespace Sstp.IO.Radius;

/// <summary>
/// One request in flight to one endpoint. <see cref="Gate"/> serialises the transaction between the request's
/// own task (start, timeouts) and the receive loop (answers).
/// </summary>
internal sealed class RadiusPendingRequest(RadiusTransaction transaction, RadiusServerState server, IPEndPoint target, byte identifier)
{
    public Lock Gate { get; } = new();

    public RadiusTransaction Transaction { get; } = transaction;

    public RadiusServerState Server { get; } = server;

    public IPEndPoint Target { get; } = target;

    /// <summary>The Identifier under which the request is registered for dispatch.</summary>
    public byte Identifier { get; set; } = identifier;

    /// <summary>Whether <see cref="Identifier"/> came from the pool (and must go back to it).</summary>
    public bool OwnsIdentifier { get; set; } = true;

    public TimeSpan LastSent { get; set; }

    public TimeSpan AnsweredAt { get; set; }

    public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

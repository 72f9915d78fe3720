using System.Globalization;

namespace Sstp.Server.Control;

/// <summary>Carries out one checked <see cref="ControlRequest"/> against an <see cref="IControlTarget"/>.</summary>
public static class ControlDispatcher
{
    /// <summary>
    /// The answer to <paramref name="request"/> (already checked by <see cref="ControlCodec.TryDecodeRequest"/>).
    /// A failed reload becomes an error answer; other exceptions of the target are bugs and propagate.
    /// </summary>
    public static async Task<ControlResponse> HandleAsync(ControlRequest request, IControlTarget target, string caller, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        switch (request.Command)
        {
            case ControlCommands.Status:
                return new ControlResponse { Ok = true, Status = target.GetStatus() };
            case ControlCommands.Sessions:
                return new ControlResponse { Ok = true, Sessions = target.GetSessions() };
            case ControlCommands.Kick:
                var kicked = target.Kick(request.Id, request.User, caller);
                if (kicked.Count == 0)
                {
                    return ControlResponse.Fail(request.Id is { } id
                        ? string.Create(CultureInfo.InvariantCulture, $"no session {id}")
                        : $"no session of user '{request.User}'");
                }

                return new ControlResponse
                {
                    Ok = true,
                    Kicked = kicked,
                    Message = string.Create(CultureInfo.InvariantCulture, $"{kicked.Count} session(s) told to end: {string.Join(", ", kicked)}"),
                };
            case ControlCommands.Drain:
                var status = target.Drain(request.Deadline is { } seconds ? TimeSpan.FromSeconds(seconds) : null, caller);
                int left = status.SessionsUp + status.SessionsSetup;
                string until = status.DrainDeadline is { } deadline
                    ? string.Create(CultureInfo.InvariantCulture, $"; the rest are closed at {deadline:yyyy-MM-ddTHH:mm:ssZ}")
                    : "; no deadline";
                return new ControlResponse
                {
                    Ok = true,
                    Status = status,
                    Message = string.Create(CultureInfo.InvariantCulture, $"draining: no new connections, {left} session(s) left, the server exits when none is{until}"),
                };
            case ControlCommands.Reload when !target.CanReload:
                return ControlResponse.Fail("reload is not available");
            case ControlCommands.Reload:
                try
                {
                    return new ControlResponse { Ok = true, Message = await target.ReloadAsync(cancel).ConfigureAwait(false) };
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return ControlResponse.Fail("reload failed: " + e.Message);
                }

            default:
                return ControlResponse.Fail($"unknown command '{request.Command}'");
        }
    }
}

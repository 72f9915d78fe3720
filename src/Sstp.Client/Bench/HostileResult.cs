namespace Sstp.Client.Bench;

/// <summary>What became of one hostile connection.</summary>
/// <param name="Kind">The kind it was.</param>
/// <param name="Outcome">
/// How it ended: <c>closed</c>, <c>reset</c>, <c>http-NNN</c>, <c>call-abort</c>, <c>call-disconnect</c>, a session
/// end reason for the login kinds, <c>open</c> (the server had not ended it when we gave up), <c>we-reset</c>,
/// <c>stopped</c> (the run ended first) or <c>error:...</c> (the connection could not be made).
/// </param>
/// <param name="CloseMs">Time from the hostile act to the server's end of the connection, when the server ended it.</param>
public readonly record struct HostileResult(HostileKind Kind, string Outcome, double? CloseMs)
{
    /// <summary>True for <c>error:...</c> outcomes.</summary>
    public bool IsError => Outcome.StartsWith("error:", StringComparison.Ordinal);
}

using System.Net;

namespace Sstp.IO.Radius;

/// <summary>A snapshot of one server's health as seen by a <see cref="RadiusClient"/>.</summary>
/// <param name="Auth">The server's authentication endpoint.</param>
/// <param name="Accounting">The server's accounting endpoint.</param>
/// <param name="Priority">Its configured priority.</param>
/// <param name="Alive">False while the server is held down after a timeout.</param>
/// <param name="LastLatency">Latency of the last verified answer, or null before the first.</param>
/// <param name="Answers">Requests this server answered.</param>
/// <param name="Timeouts">Requests this server left unanswered after every try.</param>
/// <param name="DroppedReplies">Datagrams from this server that were not accepted (bad authenticator, stray identifier, malformed).</param>
public sealed record RadiusServerStatus(IPEndPoint Auth, IPEndPoint Accounting, int Priority, bool Alive, TimeSpan? LastLatency, long Answers, long Timeouts, long DroppedReplies);

using System.Text.Json;

namespace Sstp.Client.Bench;

/// <summary>
/// The result of <c>sstp bench tls</c>: the TLS baseline (same TlsAcceptor and TlsConnector as the server and the
/// client, over loopback in one process, no SSTP). Printed as one JSON object with <c>--json</c> (camelCase keys).
/// </summary>
public sealed record TlsBenchReport
{
    /// <summary><c>stream</c> or <c>handshakes</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>Length of each measured phase, seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>The negotiated TLS version, e.g. <c>Tls13</c>.</summary>
    public string? Protocol { get; init; }

    /// <summary>The negotiated cipher suite.</summary>
    public string? CipherSuite { get; init; }

    /// <summary>stream: bytes per write.</summary>
    public int? WriteSize { get; init; }

    /// <summary>stream: client to server, Mbit/s (10^6 bits) of TLS payload.</summary>
    public double? UpMbps { get; init; }

    /// <summary>stream: server to client, Mbit/s of TLS payload.</summary>
    public double? DownMbps { get; init; }

    /// <summary>handshakes: handshakes in flight at once.</summary>
    public int? Concurrency { get; init; }

    /// <summary>handshakes: handshakes completed in the measured phase.</summary>
    public long? Handshakes { get; init; }

    /// <summary>handshakes: completed handshakes per second.</summary>
    public double? HandshakesPerSecond { get; init; }

    /// <summary>Connections or handshakes that failed in the measured phase.</summary>
    public long Failed { get; init; }

    /// <summary>CPU time (user + system) of this process, client and server together, seconds: stream, the whole run (both
    /// directions with their warm-ups); handshakes, the measured phase.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>The report as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, BenchJsonContext.Default.TlsBenchReport);

    /// <summary>The report as a few lines of text for people.</summary>
    public string ToText() => Mode == "stream"
        ? $"sstp bench tls stream: {Protocol} {CipherSuite}, {WriteSize} B writes, {Seconds:0.0} s each way{Environment.NewLine}"
            + $"  up {UpMbps:0.0} Mbit/s  down {DownMbps:0.0} Mbit/s  ({CpuSeconds:0.00} s CPU, {Failed} failed)"
        : $"sstp bench tls handshakes: {Protocol} {CipherSuite}, concurrency {Concurrency}, {Seconds:0.0} s{Environment.NewLine}"
            + $"  {Handshakes} handshakes = {HandshakesPerSecond:0.0}/s  ({CpuSeconds:0.00} s CPU, {Failed} failed)";
}

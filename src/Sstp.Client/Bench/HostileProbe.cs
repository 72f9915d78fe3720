// The routines of `sstp bench hostile`, one per kind. Each makes one connection, misbehaves in its own way and
// then waits (at most the hold timeout) for the server to end the connection; the result says how it ended and
// how long that took from the moment the misbehaviour was complete.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sstp.IO.Tls;
using Sstp.Protocol.Http;
using Sstp.Protocol.Sstp;

namespace Sstp.Client.Bench;

/// <summary>Runs one hostile connection of a given kind.</summary>
internal sealed partial class HostileProbe(HostileOptions options, IPEndPoint server, TlsConnector tls)
{
    private const string SstpPath = "/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/";

    /// <summary>Runs connection number <paramref name="index"/> of <paramref name="kind"/> from <paramref name="source"/>.</summary>
    public async Task<HostileResult> RunAsync(HostileKind kind, int index, IPAddress? source, CancellationToken stop)
    {
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(stop);
        hold.CancelAfter(options.HoldTimeout);
        try
        {
            var result = kind switch
            {
                HostileKind.WrongPassword => await WrongPasswordAsync(source, hold.Token).ConfigureAwait(false),
                HostileKind.StallReader => await StallReaderAsync(source, hold.Token).ConfigureAwait(false),
                _ => await RawAsync(kind, index, source, hold.Token).ConfigureAwait(false),
            };
            return stop.IsCancellationRequested && result.Outcome == "open" ? result with { Outcome = "stopped" } : result;
        }
        catch (OperationCanceledException)
        {
            return new(kind, stop.IsCancellationRequested ? "stopped" : "open", null);
        }
        catch (SocketException e)
        {
            return new(kind, $"error:{e.SocketErrorCode}", null);
        }
    }

    private async Task<HostileResult> RawAsync(HostileKind kind, int index, IPAddress? source, CancellationToken cancel)
    {
        await using var c = await HostileConnection.ConnectAsync(server, source, cancel).ConfigureAwait(false);
        long start = Stopwatch.GetTimestamp();
        bool waitForEnd = true;
        switch (kind)
        {
            case HostileKind.TcpSilent:
                break;
            case HostileKind.GarbageBeforeTls:
                await c.WriteAsync(Garbage(index, 517), cancel).ConfigureAwait(false);
                break;
            case HostileKind.TlsSilent:
                await c.StartTlsAsync(tls, cancel).ConfigureAwait(false);
                break;
            case HostileKind.TlsGarbage:
                if (await c.StartTlsAsync(tls, cancel).ConfigureAwait(false))
                {
                    await c.WriteAsync(Garbage(index, 1024), cancel).ConfigureAwait(false);
                }

                break;
            case HostileKind.SlowHttp:
                if (await c.StartTlsAsync(tls, cancel).ConfigureAwait(false))
                {
                    await SlowRequestAsync(c, cancel).ConfigureAwait(false);
                }

                break;
            case HostileKind.BadRequest:
                if (await c.StartTlsAsync(tls, cancel).ConfigureAwait(false))
                {
                    string head = index % 2 == 0
                        ? $"GET {SstpPath} HTTP/1.1\r\nHost: {options.Host}\r\n\r\n"
                        : $"SSTP_DUPLEX_POST /sra_wrong/ HTTP/1.1\r\nContent-Length: 18446744073709551615\r\nHost: {options.Host}\r\n\r\n";
                    await c.WriteAsync(Encoding.ASCII.GetBytes(head), cancel).ConfigureAwait(false);
                }

                break;
            case HostileKind.OversizedHeader:
                if (await c.StartTlsAsync(tls, cancel).ConfigureAwait(false))
                {
                    string head = $"SSTP_DUPLEX_POST {SstpPath} HTTP/1.1\r\nHost: {options.Host}\r\nX-Filler: {new string('a', 64 * 1024)}\r\n\r\n";
                    await c.WriteAsync(Encoding.ASCII.GetBytes(head), cancel).ConfigureAwait(false);
                }

                break;
            case HostileKind.BadLength:
                if (await SstpStartAsync(c, connectRequest: false, cancel).ConfigureAwait(false))
                {
                    // Length 0 and 3 are below the 4-byte header; 4095 promises far more than follows.
                    byte[] packet = (index % 3) switch
                    {
                        0 => [0x10, 0x01, 0x00, 0x00],
                        1 => [0x10, 0x01, 0x00, 0x03],
                        _ => [0x10, 0x00, 0x0F, 0xFF, 0xFF, 0x03, 0xC0, 0x21],
                    };
                    await c.WriteAsync(packet, cancel).ConfigureAwait(false);
                }

                break;
            case HostileKind.UnknownControl:
                if (await SstpStartAsync(c, connectRequest: true, cancel).ConfigureAwait(false))
                {
                    await c.WriteAsync(new byte[] { 0x10, 0x01, 0x00, 0x08, 0x00, 0xFF, 0x00, 0x00 }, cancel).ConfigureAwait(false);
                }

                break;
            case HostileKind.SstpSilent:
                await SstpStartAsync(c, connectRequest: true, cancel).ConfigureAwait(false);
                break;
            case HostileKind.ResetMidHandshake:
                waitForEnd = await ResetAtStageAsync(c, index % 3, cancel).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a raw kind");
        }

        start = kind is HostileKind.TcpSilent or HostileKind.SlowHttp ? start : Stopwatch.GetTimestamp();
        if (waitForEnd)
        {
            await c.ReadUntilEndAsync(cancel).ConfigureAwait(false);
        }

        return Result(kind, c, start);
    }

    private static HostileResult Result(HostileKind kind, HostileConnection c, long start)
    {
        string outcome = c.Outcome();
        bool serverEnded = c.Ended && outcome != "we-reset";
        return new(kind, outcome, serverEnded ? Stopwatch.GetElapsedTime(start).TotalMilliseconds : null);
    }

    private async Task SlowRequestAsync(HostileConnection c, CancellationToken cancel)
    {
        byte[] request = SstpRequest();
        foreach (byte b in request)
        {
            await c.WriteAsync(new[] { b }, cancel).ConfigureAwait(false);
            using var second = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            second.CancelAfter(TimeSpan.FromSeconds(1));
            await c.ReadAsync(static r => r.Count > 0, second.Token).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
            if (c.Ended)
            {
                return;
            }
        }
    }

    /// <summary>TLS, the SSTP request and its answer, optionally Call Connect Request and its ACK; false if the server ended it first.</summary>
    private async Task<bool> SstpStartAsync(HostileConnection c, bool connectRequest, CancellationToken cancel)
    {
        if (!await c.StartTlsAsync(tls, cancel).ConfigureAwait(false))
        {
            return false;
        }

        await c.WriteAsync(SstpRequest(), cancel).ConfigureAwait(false);
        await c.ReadAsync(HostileConnection.HasHttpHead, cancel).ConfigureAwait(false);
        if (c.Ended || !connectRequest)
        {
            return !c.Ended;
        }

        var request = new byte[64];
        int n = SstpControlMessage.WriteCallConnectRequest(request);
        await c.WriteAsync(request.AsMemory(0, n), cancel).ConfigureAwait(false);
        await c.ReadAsync(_ => c.HasControl(SstpMessageType.CallConnectAck), cancel).ConfigureAwait(false);
        return !c.Ended;
    }

    /// <summary>Resets after the TCP connect (stage 0), after TLS (1) or after the HTTP exchange (2); false when it reset.</summary>
    private async Task<bool> ResetAtStageAsync(HostileConnection c, int stage, CancellationToken cancel)
    {
        if (stage >= 1 && !await c.StartTlsAsync(tls, cancel).ConfigureAwait(false))
        {
            return true;
        }

        if (stage >= 2 && !await SstpStartAfterTlsAsync(c, cancel).ConfigureAwait(false))
        {
            return true;
        }

        c.Reset();
        return false;
    }

    private async Task<bool> SstpStartAfterTlsAsync(HostileConnection c, CancellationToken cancel)
    {
        await c.WriteAsync(SstpRequest(), cancel).ConfigureAwait(false);
        await c.ReadAsync(HostileConnection.HasHttpHead, cancel).ConfigureAwait(false);
        return !c.Ended;
    }

    private byte[] SstpRequest()
    {
        string correlation = $"{{{Guid.NewGuid().ToString().ToUpperInvariant()}}}";
        var request = new byte[HttpRequestWriter.GetLength(options.Host, correlation)];
        HttpRequestWriter.Write(request, options.Host, correlation);
        return request;
    }

    /// <summary>Bytes that are neither a TLS record nor HTTP (a fixed pattern varied by the connection number).</summary>
    private static byte[] Garbage(int index, int length)
    {
        var bytes = new byte[length];
        uint x = (uint)index * 2654435761u | 1;
        for (int i = 0; i < length; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            bytes[i] = (byte)x;
        }

        bytes[0] = 0x80;
        return bytes;
    }
}

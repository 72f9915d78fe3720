// The two kinds that run our real client session: a wrong password (the server must refuse and close), and a
// client that logs in, stops reading and makes the server send to it (ping replies) until its TCP window is full.

using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using Sstp.Protocol.Session;

namespace Sstp.Client.Bench;

/// <content>The login kinds.</content>
internal sealed partial class HostileProbe
{
    /// <summary>Pings the stall-reader sends toward the server's tunnel address after it stopped reading.</summary>
    private const int StallPings = 1500;

    private const int PingSize = 1200;

    private async Task<HostileResult> WrongPasswordAsync(IPAddress? source, CancellationToken cancel)
    {
        var bench = BenchOptionsFor($"wrong-{Guid.NewGuid():N}".ToCharArray());
        var session = new BenchSession(bench, tls, server, source);
        await using (session.ConfigureAwait(false))
        {
            var result = await session.SetupAsync(cancel).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
            string outcome = result.Succeeded ? "logged-in" : result.Failure!;
            return new(HostileKind.WrongPassword, outcome, result.Succeeded ? null : result.Elapsed.TotalMilliseconds);
        }
    }

    private async Task<HostileResult> StallReaderAsync(IPAddress? source, CancellationToken cancel)
    {
        StallingStream? stalling = null;
        var session = new BenchSession(BenchOptionsFor(options.Password!), tls, server, source, s => stalling = new StallingStream(s));
        await using (session.ConfigureAwait(false))
        {
            var setup = await session.SetupAsync(cancel).ConfigureAwait(false);
            if (!setup.Succeeded)
            {
                cancel.ThrowIfCancellationRequested();
                return new(HostileKind.StallReader, $"setup-failed:{setup.Failure}", null);
            }

            stalling!.Stall();
            long start = Stopwatch.GetTimestamp();
            var up = session.Tunnel;
            if (up?.PeerIPv4 is { } self && up.LocalIPv4 is { } serverAddress)
            {
                for (int i = 0; i < StallPings && !session.Completion.IsCompleted; i++)
                {
                    byte[] buffer = ArrayPool<byte>.Shared.Rent(DataPath.Headroom + PingSize);
                    WritePing(buffer.AsSpan(DataPath.Headroom, PingSize), self, serverAddress, (ushort)i);
                    if (!session.Driver!.TrySendData(buffer, PingSize))
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    if (i % 64 == 63)
                    {
                        await Task.Delay(1, cancel).ConfigureAwait(false);
                    }
                }
            }

            string outcome;
            double? closeMs = null;
            try
            {
                var reason = await session.Completion.WaitAsync(cancel).ConfigureAwait(false);
                outcome = reason.ToString();
                closeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            catch (OperationCanceledException)
            {
                outcome = "open";
            }

            await stalling.DisposeAsync().ConfigureAwait(false);
            return new(HostileKind.StallReader, outcome, closeMs);
        }
    }

    private BenchOptions BenchOptionsFor(char[] password) => new()
    {
        Host = options.Host,
        Port = options.Port,
        User = options.User!,
        Password = password,
        Validation = options.Validation,
        PinSha256 = options.PinSha256,
        SetupTimeout = options.HoldTimeout,
    };

    /// <summary>An IPv4 ICMP echo request of <c>packet.Length</c> bytes from <paramref name="from"/> to <paramref name="to"/>.</summary>
    internal static void WritePing(Span<byte> packet, IPAddress from, IPAddress to, ushort sequence)
    {
        packet.Clear();
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 1;
        from.TryWriteBytes(packet[12..16], out _);
        to.TryWriteBytes(packet[16..20], out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet[10..], Checksum(packet[..20]));
        var icmp = packet[20..];
        icmp[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[4..], 0x5353);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], sequence);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksum(icmp));
    }

    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if ((data.Length & 1) == 1)
        {
            sum += (uint)data[^1] << 8;
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}

using System.Buffers;
using System.Net;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;
using Sstp.TestKit;

namespace Sstp.Fuzz.Targets;

/// <summary>
/// Whole sessions of the sans-I/O core fed a peer's byte stream: the server session (HTTP request, SSTP, PPP,
/// authentication with a host that checks one password, address assignment, data) and the client session.
/// Each record is one read of the stream; the clock jumps to the next deadline when a record asks.
/// </summary>
public static class SessionTargets
{
    /// <summary>The password the server host accepts for any user, and the client uses.</summary>
    public const string Password = "pass";

    /// <summary>The wall-clock date the server writes in its HTTP answer.</summary>
    public static readonly DateTimeOffset HttpDate = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every target of this file.</summary>
    public static IEnumerable<FuzzTarget> All =>
    [
        new("server-session", "ServerSession fed records of a client's byte stream", Server, FuzzTarget.MachineBound),
        new("client-session", "ClientSession fed records of a server's byte stream", Client, FuzzTarget.MachineBound),
    ];

    /// <summary>
    /// The authentication protocols the server offers for a selector (bits 1–2 of the first control byte):
    /// 0 the defaults (MS-CHAPv2, PAP), 1 CHAP-MD5, 2 EAP (EAP-MSCHAPv2), 3 PAP.
    /// </summary>
    public static ServerSessionSettings ServerSettings(int selector) => (selector & 3) switch
    {
        1 => SessionPair.ServerSettings(AuthProtocolOption.ChapMd5),
        2 => SessionPair.ServerSettings(AuthProtocolOption.Eap),
        3 => SessionPair.ServerSettings(AuthProtocolOption.Pap),
        _ => SessionPair.ServerSettings(),
    };

    /// <summary>The selector of <see cref="ServerSettings"/> an input carries.</summary>
    public static int Selector(ReadOnlySpan<byte> input) => input.IsEmpty ? 0 : (input[0] >> 1) & 3;

    /// <summary>The server session a seed was recorded against (same randomness and start time).</summary>
    public static ServerSession CreateServer(int selector) =>
        new(ServerSettings(selector), new SeededRandom(101), TimeSpan.Zero, HttpDate);

    /// <summary>Client settings that accept every method the server may offer, EAP included.</summary>
    public static ClientSessionSettings ClientSettings() => SessionPair.ClientSettings("user", Password) with
    {
        Lcp = new LcpSettings { AuthProtocols = [AuthProtocolOption.MsChapV2, AuthProtocolOption.Eap, AuthProtocolOption.ChapMd5, AuthProtocolOption.Pap] },
    };

    /// <summary>The client session a seed was recorded against.</summary>
    public static ClientSession CreateClient() => new(ClientSettings(), new SeededRandom(201), TimeSpan.Zero);

    /// <summary>True when <paramref name="input"/> brings a fresh server session to TunnelUp (a check of the seeds).</summary>
    public static bool ReachesTunnel(ReadOnlySpan<byte> input) =>
        Drive(CreateServer(Selector(input)), input, "server-session", isServer: true);

    private static void Server(ReadOnlySpan<byte> input) => _ = ReachesTunnel(input);

    /// <summary>True when <paramref name="input"/> brings a fresh client session to TunnelUp (a check of the seeds).</summary>
    public static bool ClientReachesTunnel(ReadOnlySpan<byte> input) =>
        Drive(CreateClient(), input, "client-session", isServer: false);

    private static void Client(ReadOnlySpan<byte> input) => _ = ClientReachesTunnel(input);

    private static bool Drive(SstpSession session, ReadOnlySpan<byte> input, string target, bool isServer)
    {
        var state = new DriveState(target, isServer, input.Length);
        var now = TimeSpan.Zero;
        var pending = new byte[input.Length];
        int pendingLength = 0;
        state.Flush(session, now);

        var records = new Records(input);
        while (records.MoveNext() && !session.IsClosed)
        {
            if (records.AdvanceClock && session.NextDeadline is { } deadline)
            {
                now = deadline > now ? deadline : now;
                session.HandleTimeout(now);
                MachineCheck.DeadlineMoved(session.NextDeadline, now, target);
                state.Flush(session, now);
            }

            records.Current.CopyTo(pending.AsSpan(pendingLength));
            pendingLength += records.Current.Length;
            int offset = 0;
            while (offset < pendingLength)
            {
                var view = pending.AsSpan(offset, pendingLength - offset);
                var result = session.Receive(view, now);
                Invariant.Require(result.Consumed >= 0 && result.Consumed <= view.Length, $"{target}: consumed {result.Consumed} of {view.Length}");
                if (result.Status is ReceiveStatus.Handled or ReceiveStatus.Packet)
                {
                    Invariant.Require(result.Consumed > 0, $"{target}: {result.Status} consumed nothing (the host would spin)");
                }

                if (result.Status == ReceiveStatus.NeedMoreData)
                {
                    Invariant.Require(result.Consumed == 0, $"{target}: NeedMoreData consumed {result.Consumed}");
                }

                if (result.Status == ReceiveStatus.Packet)
                {
                    Invariant.Require(result.PacketOffset >= 0 && result.PacketLength > 0 && result.PacketOffset + result.PacketLength <= result.Consumed,
                        $"{target}: packet at {result.PacketOffset}+{result.PacketLength} outside the {result.Consumed} consumed bytes");
                    _ = result.GetPacket(view);
                }

                offset += result.Consumed;
                state.Flush(session, now);
                if (result.Status is ReceiveStatus.NeedMoreData or ReceiveStatus.Closed)
                {
                    break;
                }
            }

            pending.AsSpan(offset, pendingLength - offset).CopyTo(pending);
            pendingLength -= offset;
        }

        // Let the timers run out a little, as a host would while the peer stays silent.
        for (int step = 0; step < 8 && session.NextDeadline is { } next; step++)
        {
            now = next > now ? next : now;
            session.HandleTimeout(now);
            MachineCheck.DeadlineMoved(session.NextDeadline, now, target);
            state.Flush(session, now);
        }

        return state.TunnelUp;
    }

    /// <summary>What one drive of a session has seen, and the host's answers to its questions.</summary>
    private sealed class DriveState(string target, bool isServer, int inputLength)
    {
        private readonly byte[] _transmit = new byte[8192];
        private bool _sstpSeen;
        private int _units;

        public bool TunnelUp { get; private set; }

        public void Flush(SstpSession session, TimeSpan now)
        {
            bool again = true;
            while (again)
            {
                again = false;
                while (session.TryPollTransmit(_transmit, out int written))
                {
                    CheckUnit(_transmit.AsSpan(0, written));
                    again = true;
                }

                while (session.TryPollEvent(out var e))
                {
                    Invariant.Require(e is not null, $"{target}: null event");
                    again = true;
                    TunnelUp |= e is SessionEvent.TunnelUp;
                    if (session is ServerSession server)
                    {
                        Answer(server, e!, now);
                    }
                }
            }
        }

        private void CheckUnit(ReadOnlySpan<byte> unit)
        {
            _units++;
            Invariant.Require(_units <= MachineCheck.MaxTransmits(inputLength), $"{target}: {_units} units sent for {inputLength} input bytes");
            Invariant.Require(unit.Length > 0 && unit.Length <= _transmit.Length, $"{target}: unit of {unit.Length} bytes");
            if (unit[0] == SstpPacket.Version)
            {
                var status = SstpPacket.TryRead(unit, out _, out int consumed, out var error);
                Invariant.Require(status == OperationStatus.Done && consumed == unit.Length, $"{target}: sent a bad SSTP packet ({status}, {error}, {consumed}/{unit.Length})");
                _sstpSeen = true;
                return;
            }

            Invariant.Require(!_sstpSeen, $"{target}: HTTP bytes after SSTP packets");
            var expected = isServer ? "HTTP/1."u8 : "SSTP_DUPLEX_POST "u8;
            Invariant.Require(unit.StartsWith(expected), $"{target}: first unit is neither SSTP nor the expected HTTP");
        }

        private static void Answer(ServerSession server, SessionEvent e, TimeSpan now)
        {
            switch (e)
            {
                case SessionEvent.AuthenticationRequested { Request: var request }:
                    server.CompleteAuthentication(request switch
                    {
                        PapRequest r => PapVerifier.Verify(Password, r),
                        ChapMd5Request r => ChapMd5Verifier.Verify(Password, r),
                        MsChapV2Request r => MsChapV2Verifier.Verify(Password.AsSpan(), r),
                        _ => AuthDecision.Reject(),
                    }, now);
                    break;
                case SessionEvent.AddressesRequested:
                    server.AssignAddresses(new SessionAddresses
                    {
                        LocalIPv4 = IPAddress.Parse("10.88.0.1"),
                        PeerIPv4 = IPAddress.Parse("10.88.0.2"),
                        DnsServers = [IPAddress.Parse("10.88.0.53"), IPAddress.Parse("1.1.1.1")],
                    }, now);
                    break;
            }
        }
    }
}

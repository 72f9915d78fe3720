using System.Buffers;
using System.Net;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Ipcp;
using Sstp.Protocol.Ppp.Ipv6cp;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.TestKit;

namespace Sstp.Fuzz.Targets;

/// <summary>
/// The PPP frame and packet decoders, and LCP, IPCP and IPv6CP (whose option parsing lives in their
/// policies) driven with fuzzed packets in both roles.
/// </summary>
public static class PppTargets
{
    /// <summary>Every target of this file.</summary>
    public static IEnumerable<FuzzTarget> All =>
    [
        new("ppp-frame", "PppFrame.TryRead, PppPacket.TryRead and the Configure option list", Frame, FuzzTarget.DecoderBound),
        new("lcp", "LcpLayer (server or client) fed records of LCP packets", input => Layer(input, "lcp", CreateLcp), FuzzTarget.MachineBound),
        new("ipcp", "IpcpLayer (server or client) fed records of IPCP packets", input => Layer(input, "ipcp", CreateIpcp), FuzzTarget.MachineBound),
        new("ipv6cp", "Ipv6cpLayer (server or client) fed records of IPv6CP packets", input => Layer(input, "ipv6cp", CreateIpv6cp), FuzzTarget.MachineBound),
    ];

    private static void Frame(ReadOnlySpan<byte> input)
    {
        var status = PppFrame.TryRead(input, out ushort protocol, out var information, out var error);
        Invariant.Require(status is OperationStatus.Done or OperationStatus.InvalidData, $"ppp-frame: status {status}");
        if (status != OperationStatus.Done)
        {
            return;
        }

        Invariant.Require(information.Length <= input.Length - 1, $"ppp-frame: information of {information.Length} from {input.Length} ({error})");
        Invariant.Require(input.EndsWith(information), "ppp-frame: information is not the end of the frame");
        if (input.Length >= 4 && input[0] == PppFrame.Address && input[1] == PppFrame.Control && information.Length == input.Length - 4)
        {
            Span<byte> header = stackalloc byte[PppFrame.HeaderLength];
            PppFrame.WriteHeader(header, (PppProtocol)protocol);
            Invariant.Require(header.SequenceEqual(input[..PppFrame.HeaderLength]), "ppp-frame: header does not round-trip");
        }

        if (PppPacket.TryRead(information, out var packet) != OperationStatus.Done)
        {
            return;
        }

        Invariant.Require(packet.Length <= information.Length, $"ppp-frame: packet of {packet.Length} in {information.Length}");
        var copy = new byte[packet.Length];
        PppPacket.Write(copy, packet.Code, packet.Identifier, packet.Data);
        Invariant.Require(copy.AsSpan().SequenceEqual(information[..packet.Length]), "ppp-frame: packet does not round-trip");

        var options = new ConfigureOptionList(packet.Data);
        Span<byte> data = stackalloc byte[3];
        int covered = 0;
        foreach (var option in options)
        {
            Invariant.Require(option.Raw.Length >= ConfigureOption.HeaderLength && option.Raw[1] == option.Raw.Length, "ppp-frame: option length");
            covered += option.Raw.Length;
            if (option.Type == (byte)LcpOptionType.AuthenticationProtocol && AuthProtocolOption.TryRead(option.Data, out var auth))
            {
                Invariant.Require(auth.WriteData(data) == auth.DataLength, "ppp-frame: auth option length");
            }
        }

        Invariant.Require(options.IsWellFormed == (covered == packet.Data.Length), $"ppp-frame: well-formed {options.IsWellFormed} but options cover {covered} of {packet.Data.Length}");
    }

    private static ControlProtocolLayer CreateLcp(PppRole role) => new LcpLayer(
        new LcpSettings { EchoInterval = TimeSpan.FromSeconds(10) }, role, new SeededRandom(7));

    private static ControlProtocolLayer CreateIpcp(PppRole role) => new IpcpLayer(
        role == PppRole.Server
            ? new IpcpSettings
            {
                LocalAddress = IPAddress.Parse("10.88.0.1"),
                PeerAddress = IPAddress.Parse("10.88.0.2"),
                DnsServers = [IPAddress.Parse("10.88.0.53")],
                NbnsServers = [IPAddress.Parse("10.88.0.54")],
            }
            : new IpcpSettings(),
        role);

    private static ControlProtocolLayer CreateIpv6cp(PppRole role) => new Ipv6cpLayer(
        new Ipv6cpSettings { InterfaceId = role == PppRole.Server ? 1UL : null }, role, new SeededRandom(9));

    /// <summary>
    /// Opens the layer, brings it up, then delivers each record as one received packet (advancing the clock to
    /// the next deadline first when the record asks), draining transmits and events after every step. The
    /// control byte of the first record picks the role (bit 1 set: client).
    /// </summary>
    private static void Layer(ReadOnlySpan<byte> input, string target, Func<PppRole, ControlProtocolLayer> create)
    {
        var role = input.Length > 0 && (input[0] & 2) != 0 ? PppRole.Client : PppRole.Server;
        var layer = create(role);
        var now = TimeSpan.FromSeconds(1);
        var buffer = new byte[MachineCheck.MaxUnit];
        int transmits = 0;
        layer.Open();
        layer.Up(now);
        Drain(layer, buffer, ref transmits, input.Length, target);

        var records = new Records(input);
        while (records.MoveNext())
        {
            if (records.AdvanceClock && layer.NextDeadline is { } deadline)
            {
                now = deadline > now ? deadline : now;
                layer.HandleTimeout(now);
                MachineCheck.DeadlineMoved(layer.NextDeadline, now, target);
                Drain(layer, buffer, ref transmits, input.Length, target);
            }

            layer.Receive(records.Current, now);
            Drain(layer, buffer, ref transmits, input.Length, target);
            Invariant.Require(Enum.IsDefined(layer.State), $"{target}: state {layer.State}");
        }
    }

    private static void Drain(ControlProtocolLayer layer, byte[] buffer, ref int transmits, int inputLength, string target)
    {
        while (layer.TryPollTransmit(buffer, out int written))
        {
            MachineCheck.PppPacketOut(buffer, written, target);
            transmits++;
            Invariant.Require(transmits <= MachineCheck.MaxTransmits(inputLength), $"{target}: {transmits} packets sent for {inputLength} input bytes");
        }

        while (layer.TryPollEvent(out _))
        {
        }
    }
}

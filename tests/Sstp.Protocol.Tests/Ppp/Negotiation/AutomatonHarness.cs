using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Negotiation;

namespace Sstp.Protocol.Tests.Ppp.Negotiation;

/// <summary>An <see cref="OptionAutomaton"/> over <see cref="TestProtocol"/> with helpers to read its output.</summary>
internal sealed class AutomatonHarness
{
    public AutomatonHarness(NegotiationSettings? settings = null)
    {
        Policy = new TestProtocol();
        Automaton = new OptionAutomaton(Policy, settings ?? NegotiationSettings.Default);
    }

    public TestProtocol Policy { get; }

    public OptionAutomaton Automaton { get; }

    public List<byte[]> Sent()
    {
        var packets = new List<byte[]>();
        var buffer = new byte[8192];
        while (Automaton.TryPollTransmit(buffer, out int written))
        {
            packets.Add(buffer[..written]);
        }

        return packets;
    }

    public List<PppLayerEvent> Events()
    {
        var events = new List<PppLayerEvent>();
        while (Automaton.TryPollEvent(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    public static byte[] Packet(ControlCode code, byte id, params byte[] data)
    {
        var packet = new byte[4 + data.Length];
        PppPacket.Write(packet, (byte)code, id, data);
        return packet;
    }

    /// <summary>Open + Up at time zero, with the first Configure-Request drained. Returns it.</summary>
    public byte[] Start()
    {
        Automaton.Open();
        Automaton.Up(TimeSpan.Zero);
        Events();
        return Sent().Single();
    }

    /// <summary>Brings the automaton to Opened through a real exchange.</summary>
    public void OpenFully()
    {
        var request = Start();
        Automaton.Receive(Packet(ControlCode.ConfigureAck, request[1], Policy.RequestOptions), TimeSpan.Zero);
        Automaton.Receive(Packet(ControlCode.ConfigureRequest, 0x40, 0x03, 0x06, 10, 0, 0, 2), TimeSpan.Zero);
        Assert.Equal(AutomatonState.Opened, Automaton.State);
        Sent();
        Events();
    }
}

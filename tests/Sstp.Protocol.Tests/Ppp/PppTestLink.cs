using Sstp.Protocol.Ppp;

namespace Sstp.Protocol.Tests.Ppp;

/// <summary>Drains layers and shuttles packets between two of them (an in-memory PPP link for pair tests).</summary>
internal static class PppTestLink
{
    /// <summary>All queued packets of <paramref name="layer"/>.</summary>
    public static List<byte[]> Drain(ControlProtocolLayer layer)
    {
        var packets = new List<byte[]>();
        var buffer = new byte[8192];
        while (layer.TryPollTransmit(buffer, out int written))
        {
            packets.Add(buffer[..written]);
        }

        return packets;
    }

    /// <summary>All queued events of <paramref name="layer"/>.</summary>
    public static List<PppLayerEvent> Events(ControlProtocolLayer layer)
    {
        var events = new List<PppLayerEvent>();
        while (layer.TryPollEvent(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Moves packets both ways until both sides are quiet. Returns every packet moved, with its direction.</summary>
    public static List<(bool FromA, byte[] Packet)> Exchange(ControlProtocolLayer a, ControlProtocolLayer b, TimeSpan now, int maxRounds = 100)
    {
        var log = new List<(bool, byte[])>();
        for (int round = 0; round < maxRounds; round++)
        {
            var fromA = Drain(a);
            var fromB = Drain(b);
            if (fromA.Count == 0 && fromB.Count == 0)
            {
                return log;
            }

            foreach (var packet in fromA)
            {
                log.Add((true, packet));
                b.Receive(packet, now);
            }

            foreach (var packet in fromB)
            {
                log.Add((false, packet));
                a.Receive(packet, now);
            }
        }

        throw new InvalidOperationException("The layers never went quiet.");
    }

    /// <summary>Starts both layers (Open, then Up) at <paramref name="now"/>.</summary>
    public static void Start(ControlProtocolLayer a, ControlProtocolLayer b, TimeSpan now)
    {
        a.Open();
        b.Open();
        a.Up(now);
        b.Up(now);
    }
}

using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Lcp;

/// <summary>Builders for LCP test packets and layers.</summary>
internal static class LcpTestPackets
{
    /// <summary>Endpoint-Discriminator class 1 with 20 bytes, as Windows sends it (PPP.md §5.1).</summary>
    public const string EndpointDiscriminator = "13 17 01 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13";

    public static byte[] Packet(ControlCode code, byte id, string dataHex)
    {
        var data = Hex.Parse(dataHex);
        var packet = new byte[4 + data.Length];
        PppPacket.Write(packet, (byte)code, id, data);
        return packet;
    }

    public static byte[] Request(byte id, string optionsHex) => Packet(ControlCode.ConfigureRequest, id, optionsHex);

    public static LcpLayer Server(LcpSettings? settings = null, int seed = 1)
        => new(settings ?? new LcpSettings(), PppRole.Server, new SeededRandom(seed));

    public static LcpLayer Client(LcpSettings? settings = null, int seed = 2)
        => new(settings ?? new LcpSettings(), PppRole.Client, new SeededRandom(seed));

    /// <summary>Open + Up at time zero; returns our first Configure-Request.</summary>
    public static byte[] Start(LcpLayer layer)
    {
        layer.Open();
        layer.Up(TimeSpan.Zero);
        PppTestLink.Events(layer);
        return Assert.Single(PppTestLink.Drain(layer));
    }

    /// <summary>Acks whatever request the layer sent last (the peer agreeing to everything).</summary>
    public static void AckOwnRequest(LcpLayer layer, byte[] request)
    {
        var ack = (byte[])request.Clone();
        ack[0] = (byte)ControlCode.ConfigureAck;
        layer.Receive(ack, TimeSpan.Zero);
    }

    /// <summary>A server and client LCP pair negotiated to Opened.</summary>
    public static (LcpLayer Server, LcpLayer Client) OpenedPair(LcpSettings? serverSettings = null, LcpSettings? clientSettings = null)
    {
        var server = Server(serverSettings);
        var client = Client(clientSettings);
        PppTestLink.Start(server, client, TimeSpan.Zero);
        PppTestLink.Exchange(server, client, TimeSpan.Zero);
        Assert.Equal(AutomatonState.Opened, server.State);
        Assert.Equal(AutomatonState.Opened, client.State);
        PppTestLink.Events(server);
        PppTestLink.Events(client);
        return (server, client);
    }

    /// <summary>Finds the data of option <paramref name="type"/> in a Configure-* packet, or null.</summary>
    public static byte[]? Option(byte[] packet, LcpOptionType type)
    {
        foreach (var option in new ConfigureOptionList(packet.AsSpan(4)))
        {
            if (option.Type == (byte)type)
            {
                return option.Data.ToArray();
            }
        }

        return null;
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sstp.IO.Tun;
using Sstp.Protocol.Ip;

namespace Sstp.IO.Tests.Tun;

/// <summary>
/// A TUN device opened with IFF_VNET_HDR, root only: reads come back plain (header stripped), and a TCP
/// super-packet written with a GSO header reaches a socket in the namespace as the bytes of its segments.
/// </summary>
public class VnetTunDeviceTests
{
    private const ushort PeerPort = 40123;
    private const ushort ListenPort = 5201;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 30_000)]
    public async Task SuperPacket_WrittenAfterHandshake_ArrivesAtSocketAsItsSegmentsBytes()
    {
        RootOnly.RequireIp();
        await using var ns = await TestNamespace.CreateAsync(Ct);
        byte third = (byte)Random.Shared.Next(0, 256);
        var local = new IPAddress([10, 89, third, 1]);
        var peer = new IPAddress([10, 89, third, 2]);
        using var device = LinuxTunDevice.Open("sio" + RootOnly.UniqueSuffix(), vnetHeader: true);
        Assert.True(device.VnetHeader);
        await new LinkConfigurator().MoveToNamespaceAsync(device.Name, ns.Name, Ct);
        await ns.Links.SetMtuAsync(device.Name, 1400, Ct);
        await ns.Links.AddPeerAddressAsync(device.Name, local, peer, 32, Ct);
        await ns.Links.SetStateAsync(device.Name, up: true, Ct);

        using var listener = await ns.RunInsideAsync(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(local, ListenPort));
            socket.Listen();
            return socket;
        });

        // Handshake by hand: SYN in, SYN-ACK read back (plain, with a valid checksum), ACK in.
        const uint Isn = 1000;
        device.Write(Segment(peer, local, Isn, 0, 0x02, []));
        var buffer = new byte[2048];
        uint serverIsn = 0;
        for (int i = 0; i < 20 && serverIsn == 0; i++)
        {
            int n = device.Read(buffer);
            var packet = buffer.AsSpan(0, n);
            if (n >= 40 && packet[0] == 0x45 && packet[9] == 6 && packet[33] == 0x12)
            {
                Assert.Equal(0xFFFF, Sum(packet[..20], 0));
                Assert.Equal(0xFFFF, Sum(packet[20..], Pseudo(packet)));
                serverIsn = BinaryPrimitives.ReadUInt32BigEndian(packet[24..]);
            }
        }

        Assert.NotEqual(0u, serverIsn);
        device.Write(Segment(peer, local, Isn + 1, serverIsn + 1, 0x10, []));

        var data = new byte[3000];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 31 + 7);
        }

        var coalescer = new TcpCoalescer();
        for (int s = 0; s < 3; s++)
        {
            var segment = Segment(peer, local, Isn + 1 + (uint)(s * 1000), serverIsn + 1, (byte)(s == 2 ? 0x18 : 0x10), data.AsSpan(s * 1000, 1000).ToArray());
            Assert.True(coalescer.TryAppend(segment));
        }

        Assert.Equal(3, coalescer.Count);
        device.WriteSuperPacket(coalescer.Finish(), coalescer.Pending);

        using var accepted = await listener.AcceptAsync(Ct);
        var received = new byte[data.Length];
        int total = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (total < received.Length)
        {
            int n = await accepted.ReceiveAsync(received.AsMemory(total), timeout.Token);
            Assert.True(n > 0, "the connection closed before the super-packet's bytes arrived");
            total += n;
        }

        Assert.Equal(data, received);
    }

    private static byte[] Segment(IPAddress source, IPAddress destination, uint seq, uint ack, byte flags, byte[] payload)
    {
        var packet = new byte[40 + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[6] = 0x40;
        packet[8] = 64;
        packet[9] = 6;
        source.GetAddressBytes().CopyTo(packet, 12);
        destination.GetAddressBytes().CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), (ushort)~Sum(packet.AsSpan(0, 20), 0));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), PeerPort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), ListenPort);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(24), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(28), ack);
        packet[32] = 0x50;
        packet[33] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(34), 65535);
        payload.CopyTo(packet, 40);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(36), (ushort)~Sum(packet.AsSpan(20), Pseudo(packet)));
        return packet;
    }

    private static int Pseudo(ReadOnlySpan<byte> packet) =>
        Sum([0, 6, (byte)((packet.Length - 20) >> 8), (byte)(packet.Length - 20)], Sum(packet.Slice(12, 8), 0));

    private static int Sum(ReadOnlySpan<byte> data, int start)
    {
        int sum = start;
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0);
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return sum;
    }
}

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

    [Theory(Timeout = 30_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SuperPacket_WrittenAfterHandshake_ArrivesAtSocketAsItsSegmentsBytes(bool ipv6)
    {
        RootOnly.RequireIp();
        await using var ns = await TestNamespace.CreateAsync(Ct);
        byte third = (byte)Random.Shared.Next(0, 256);
        var local = ipv6 ? IPAddress.Parse($"fd89:{third:x}::1") : new IPAddress([10, 89, third, 1]);
        var peer = ipv6 ? IPAddress.Parse($"fd89:{third:x}::2") : new IPAddress([10, 89, third, 2]);
        using var device = LinuxTunDevice.Open("sio" + RootOnly.UniqueSuffix(), vnetHeader: true);
        Assert.True(device.VnetHeader);
        await new LinkConfigurator().MoveToNamespaceAsync(device.Name, ns.Name, Ct);
        await ns.Links.SetMtuAsync(device.Name, 1400, Ct);
        if (ipv6)
        {
            await ns.Links.AddAddressAsync(device.Name, local, 64, Ct);
        }
        else
        {
            await ns.Links.AddPeerAddressAsync(device.Name, local, peer, 32, Ct);
        }

        await ns.Links.SetStateAsync(device.Name, up: true, Ct);

        using var listener = await ns.RunInsideAsync(() =>
        {
            var socket = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
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
            int ip = ipv6 ? 40 : 20;
            bool tcp = ipv6 ? n >= 60 && packet[0] >> 4 == 6 && packet[6] == 6 : n >= 40 && packet[0] == 0x45 && packet[9] == 6;
            if (tcp && packet[ip + 13] == 0x12)
            {
                Assert.True(ipv6 || Sum(packet[..20], 0) == 0xFFFF);
                Assert.Equal(0xFFFF, Sum(packet[ip..], Pseudo(packet)));
                serverIsn = BinaryPrimitives.ReadUInt32BigEndian(packet[(ip + 4)..]);
            }
        }

        Assert.NotEqual(0u, serverIsn);
        device.Write(Segment(peer, local, Isn + 1, serverIsn + 1, 0x10, []));

        var data = new byte[3000];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 31 + 7);
        }

        // Through the writer the server and the client use: three segments are held, then go out as one.
        var writer = new CoalescingTunWriter();
        for (int s = 0; s < 3; s++)
        {
            var segment = Segment(peer, local, Isn + 1 + (uint)(s * 1000), serverIsn + 1, (byte)(s == 2 ? 0x18 : 0x10), data.AsSpan(s * 1000, 1000).ToArray());
            writer.Write(device, segment);
        }

        Assert.Equal(3, writer.Held);
        writer.Flush(device);
        Assert.Equal(0, writer.Held);

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
        bool ipv6 = source.AddressFamily == AddressFamily.InterNetworkV6;
        int ip = ipv6 ? 40 : 20;
        var packet = new byte[ip + 20 + payload.Length];
        if (ipv6)
        {
            packet[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(packet.Length - 40));
            packet[6] = 6;
            packet[7] = 64;
            source.GetAddressBytes().CopyTo(packet, 8);
            destination.GetAddressBytes().CopyTo(packet, 24);
        }
        else
        {
            packet[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
            packet[6] = 0x40;
            packet[8] = 64;
            packet[9] = 6;
            source.GetAddressBytes().CopyTo(packet, 12);
            destination.GetAddressBytes().CopyTo(packet, 16);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), (ushort)~Sum(packet.AsSpan(0, 20), 0));
        }

        var tcp = packet.AsSpan(ip);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, PeerPort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], ListenPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], ack);
        tcp[12] = 0x50;
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 65535);
        payload.CopyTo(tcp[20..]);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], (ushort)~Sum(tcp, Pseudo(packet)));
        return packet;
    }

    private static int Pseudo(ReadOnlySpan<byte> packet)
    {
        bool ipv6 = packet[0] >> 4 == 6;
        int upper = packet.Length - (ipv6 ? 40 : 20);
        return ipv6
            ? Sum([(byte)(upper >> 8), (byte)upper, 0, 6], Sum(packet.Slice(8, 32), 0))
            : Sum([0, 6, (byte)(upper >> 8), (byte)upper], Sum(packet.Slice(12, 8), 0));
    }

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

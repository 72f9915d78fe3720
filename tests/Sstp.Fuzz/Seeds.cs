using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using Sstp.Fuzz.Targets;
using Sstp.Protocol.Http;
using Sstp.Protocol.Ip;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Radius;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;
using Sstp.TestKit;

namespace Sstp.Fuzz;

/// <summary>
/// Writes the starting corpus of every target: what the core's own writers produce, the byte vectors of the
/// protocol notes, and the traffic of whole simulated sessions (one per authentication method), recorded
/// against the same randomness the session targets use so that a recorded stream replays all the way to a
/// running tunnel.
/// </summary>
public static class Seeds
{
    /// <summary>Writes every seed under <paramref name="corpusRoot"/>/&lt;target&gt;/.</summary>
    public static void WriteAll(string corpusRoot)
    {
        var seeds = new Dictionary<string, List<byte[]>>();
        void Add(string target, byte[] bytes) =>
            (seeds.TryGetValue(target, out var list) ? list : seeds[target] = []).Add(bytes);

        foreach (var seed in HttpSeeds())
        {
            Add(seed.Target, seed.Bytes);
        }

        for (int selector = 0; selector < 4; selector++)
        {
            var (toServer, toClient) = Transcript(selector);
            byte control = (byte)(selector << 1);
            Add("server-session", Records.Write(toServer.Select(u => (control, u))));
            Add("client-session", Records.Write(toClient.Select(u => ((byte)0, u))));
            Add("http-request", toServer[0]);
            Add("http-response", toClient[0]);

            var sstp = toServer.Skip(1).Concat(toClient.Skip(1)).ToList();
            Add("sstp-packet", [.. toServer.Skip(1).SelectMany(u => u)]);
            Add("sstp-packet", [.. toClient.Skip(1).SelectMany(u => u)]);
            foreach (var (fromClient, units) in new[] { (true, toServer.Skip(1)), (false, toClient.Skip(1)) })
            {
                // For a layer fed what the client sent, the layer plays the server (control 0), and the reverse.
                byte role = fromClient ? (byte)0 : (byte)2;
                var byProtocol = new Dictionary<string, List<(byte, byte[])>>();
                foreach (var unit in units)
                {
                    if ((unit[1] & 1) != 0 || PppFrame.TryRead(unit.AsSpan(4), out ushort protocol, out var info) != OperationStatus.Done)
                    {
                        continue;
                    }

                    Add("ppp-frame", unit[4..]);
                    string? target = (PppProtocol)protocol switch
                    {
                        PppProtocol.Lcp => "lcp",
                        PppProtocol.Ipcp => "ipcp",
                        PppProtocol.Ipv6cp => "ipv6cp",
                        PppProtocol.Pap => "pap",
                        PppProtocol.Chap => selector == 1 ? "chap" : "mschapv2",
                        PppProtocol.Eap => "eap",
                        _ => null,
                    };
                    if (target is not null)
                    {
                        (byProtocol.TryGetValue(target, out var list) ? list : byProtocol[target] = []).Add((role, info.ToArray()));
                    }
                }

                foreach (var (target, records) in byProtocol)
                {
                    Add(target, Records.Write(records));
                }
            }
        }

        foreach (var packet in RadiusSeeds())
        {
            Add("radius", packet);
        }

        foreach (var packet in IpSeeds())
        {
            Add("ip-packet", packet);
        }

        Add("tcp-coalescer", Records.Write(Flow(isV6: false, 4).Select(p => ((byte)0, p))));
        Add("tcp-coalescer", Records.Write(Flow(isV6: true, 3).Select(p => ((byte)0, p))));

        foreach (var (target, list) in seeds)
        {
            var dir = Path.Combine(corpusRoot, target);
            Directory.CreateDirectory(dir);
            var unique = list.Where(b => b.Length > 0).DistinctBy(Convert.ToHexString).ToList();
            for (int i = 0; i < unique.Count; i++)
            {
                File.WriteAllBytes(Path.Combine(dir, $"seed-{i:D3}"), unique[i]);
            }
        }
    }

    /// <summary>
    /// Runs a client and a server session to a working tunnel with the server's offer chosen by
    /// <paramref name="selector"/>, sends one packet each way, closes, and returns what each side sent.
    /// </summary>
    public static (List<byte[]> ToServer, List<byte[]> ToClient) Transcript(int selector)
    {
        var users = new Dictionary<string, string> { ["user"] = SessionTargets.Password };
        var pair = new SessionPair(SessionTargets.ServerSettings(selector), SessionTargets.ClientSettings(), users, seed: 1);
        pair.RunUntilUp();
        if (pair.BothUp)
        {
            var ping = Ipv4(1, [8, 0, 0xF7, 0xFF, 0, 0, 0, 0], source: 0x0A580002, destination: 0x0A580001);
            pair.SendFromClient(ping);
            pair.SendFromServer(Ipv4(1, [0, 0, 0xFF, 0xFF, 0, 0, 0, 0], source: 0x0A580001, destination: 0x0A580002));
            pair.RunUntil(() => false, TimeSpan.FromSeconds(1));
            pair.Client.Close(pair.Now);
            pair.RunUntilClosed(TimeSpan.FromSeconds(30));
        }

        return (pair.SentByClient, pair.SentByServer);
    }

    private static IEnumerable<(string Target, byte[] Bytes)> HttpSeeds()
    {
        var request = new byte[HttpRequestWriter.GetLength("vpn.example.com", "{2F6A1D2C-6E55-4B4B-9C1F-0123456789AB}")];
        HttpRequestWriter.Write(request, "vpn.example.com", "{2F6A1D2C-6E55-4B4B-9C1F-0123456789AB}");
        yield return ("http-request", request);
        yield return ("http-request", Ascii(
            "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/?tenantid=x HTTP/1.0\r\nContent-Length: 18446744073709551615\r\n"
            + "Host: vpn.example.com:443\r\nSSTPCORRELATIONID: {1234-5678-9ABC-DEF0}\r\nSSTPVERSION: 1.0\r\nCookie: a=b\r\nX-Forwarded-For: 192.0.2.7\r\n\r\n\x10\x01\x00\x0e"));
        yield return ("http-request", Ascii("GET / HTTP/1.1\r\nHost: vpn.example.com\r\n\r\n"));
        yield return ("http-response", Ascii("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\nServer: Microsoft-HTTPAPI/2.0\r\nDate: Tue, 01 Dec 2026 00:00:00 GMT\r\n\r\n"));
        yield return ("http-response", Ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
        yield return ("proxy-connect", Ascii("HTTP/1.1 200 Connection established\r\n\r\n"));
        yield return ("proxy-connect", Ascii("HTTP/1.0 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"proxy\"\r\nContent-Length: 12\r\n\r\n"));
        yield return ("proxy-header", Ascii("PROXY TCP4 192.0.2.1 192.0.2.2 56324 443\r\n"));
        yield return ("proxy-header", Ascii("PROXY TCP6 2001:db8::1 2001:db8::2 56324 443\r\n"));
        yield return ("proxy-header", Ascii("PROXY UNKNOWN\r\n"));
        byte[] v2 =
        [
            0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0x00, 0x1F,
            192, 0, 2, 1, 192, 0, 2, 2, 0xDC, 0x04, 0x01, 0xBB,
            0x02, 0x00, 0x0F, .. "vpn.example.com"u8,
        ];
        yield return ("proxy-header", v2);
        yield return ("proxy-header", [.. v2.Take(12), 0x20, 0x00, 0x00, 0x00]);
        byte[] v6 = [.. v2.Take(12), 0x21, 0x21, 0x00, 0x24, .. new byte[32], 0xDC, 0x04, 0x01, 0xBB];
        yield return ("proxy-header", v6);
    }

    private static IEnumerable<byte[]> RadiusSeeds()
    {
        byte[] secret = "testing123"u8.ToArray();
        byte[] authenticator = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
        var buffer = new byte[RadiusPacket.MaxLength];

        var accept = new RadiusPacketWriter(buffer, RadiusCode.AccessAccept, 1, authenticator);
        accept.AddIPv4(RadiusAttributeType.FramedIpAddress, IPAddress.Parse("10.88.0.9"));
        accept.AddUInt32(RadiusAttributeType.SessionTimeout, 3600);
        accept.AddUInt32(RadiusAttributeType.IdleTimeout, 600);
        accept.AddString(RadiusAttributeType.FramedRoute, "192.168.1.0/24 0.0.0.0 1");
        accept.AddString(RadiusAttributeType.FramedIpv6Route, "2001:db8:1::/48 :: 1");
        accept.AddIPv6Prefix(RadiusAttributeType.FramedIpv6Prefix, IPAddress.Parse("2001:db8:88::"), 64);
        accept.AddString(RadiusAttributeType.ReplyMessage, "welcome");
        accept.AddVendorSpecific(RadiusRateLimit.MikrotikVendorId, RadiusRateLimit.MikrotikRateLimit, "10M/20M"u8);
        accept.AddVendorSpecific(RadiusRateLimit.WisprVendorId, RadiusRateLimit.WisprBandwidthMaxUp, [0, 0x98, 0x96, 0x80]);
        accept.AddMicrosoft(MicrosoftAttributeType.MsChap2Success, Ascii("\x01S=0123456789ABCDEF0123456789ABCDEF01234567"));
        var key = new byte[MsMppeKey.GetEncodedLength(16)];
        MsMppeKey.Encrypt(new byte[16], [0x80, 0x01], secret, authenticator, key);
        accept.AddMicrosoft(MicrosoftAttributeType.MsMppeSendKey, key);
        accept.AddMicrosoft(MicrosoftAttributeType.MsMppeRecvKey, key);
        accept.AddString(RadiusAttributeType.Class, "class");
        yield return buffer[..accept.Finish()];

        var reject = new RadiusPacketWriter(buffer, RadiusCode.AccessReject, 2, authenticator);
        reject.AddMicrosoft(MicrosoftAttributeType.MsChapError, Ascii("\x01E=691 R=0 C=00112233445566778899AABBCCDDEEFF V=3 M=bad"));
        reject.AddString(RadiusAttributeType.ReplyMessage, "no");
        yield return buffer[..reject.Finish()];

        var challenge = new RadiusPacketWriter(buffer, RadiusCode.AccessChallenge, 5, authenticator);
        challenge.AddEapMessage([1, 2, 0, 6, 26, 1]);
        challenge.Add(RadiusAttributeType.State, "state-1"u8);
        challenge.AddMessageAuthenticator();
        yield return buffer[..challenge.Finish()];

        var request = new RadiusPacketWriter(buffer, RadiusCode.AccessRequest, 3, authenticator);
        request.AddString(RadiusAttributeType.UserName, "user");
        request.Add(RadiusAttributeType.UserPassword, new byte[16]);
        yield return buffer[..request.Finish()];
    }

    private static IEnumerable<byte[]> IpSeeds()
    {
        // A SYN with an MSS option, over IPv4 and IPv6; an ICMP echo; a Router Solicitation.
        byte[] syn = [0x30, 0x39, 0x01, 0xBB, 0, 0, 0, 1, 0, 0, 0, 0, 0x60, 0x02, 0xFF, 0xFF, 0, 0, 0, 0, 2, 4, 0x05, 0xB4];
        yield return Ipv4(6, syn, 0x0A580002, 0x0A580001);
        yield return Ipv6(6, syn);
        yield return Ipv4(1, [8, 0, 0xF7, 0xFF, 0, 0, 0, 0], 0x0A580002, 0x0A580001);
        var rs = new byte[RouterSolicitation.EncodedLength];
        RouterSolicitation.Write(rs, 0x0200_0000_0000_0001UL);
        yield return rs;
        var vnet = new byte[VirtioNetHeader.Length];
        new VirtioNetHeader(VirtioNetHeader.NeedsChecksum, 0, 0, 0, 20, 16).Write(vnet);
        yield return [.. vnet, .. Ipv4(6, syn, 0x0A580002, 0x0A580001)];
    }

    /// <summary>Consecutive segments of one TCP flow, 100 bytes of payload each.</summary>
    private static IEnumerable<byte[]> Flow(bool isV6, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var tcp = new byte[20 + 100];
            BinaryPrimitives.WriteUInt16BigEndian(tcp, 40000);
            BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), 443);
            BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), 1000 + (uint)(i * 100));
            BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(8), 1);
            tcp[12] = 0x50;
            tcp[13] = 0x10;
            BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 65535);
            yield return isV6 ? Ipv6(6, tcp) : Ipv4(6, tcp, 0x0A580002, 0x0A580001);
        }
    }

    private static byte[] Ipv4(byte protocol, byte[] payload, uint source, uint destination)
    {
        var packet = new byte[20 + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[6] = 0x40;
        packet[8] = 64;
        packet[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), destination);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), HeaderChecksum(packet.AsSpan(0, 20)));
        payload.CopyTo(packet, 20);
        return packet;
    }

    private static byte[] Ipv6(byte nextHeader, byte[] payload)
    {
        var packet = new byte[40 + payload.Length];
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)payload.Length);
        packet[6] = nextHeader;
        packet[7] = 64;
        packet[8] = 0xFD;
        packet[23] = 2;
        packet[24] = 0xFD;
        packet[39] = 1;
        payload.CopyTo(packet, 40);
        return packet;
    }

    private static ushort HeaderChecksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);
}

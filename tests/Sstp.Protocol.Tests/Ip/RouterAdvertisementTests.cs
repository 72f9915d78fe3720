using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using CsCheck;
using Sstp.Protocol.Ip;
using Sstp.TestKit;
using static Sstp.Protocol.Tests.Ip.IpTestPackets;

namespace Sstp.Protocol.Tests.Ip;

public class RouterAdvertisementTests
{
    private const ulong RouterIid = 0x0000_0000_0000_0001;
    private const ulong ClientIid = 0x0211_2233_4455_6677;
    private static readonly UInt128 Prefix = new(0x2001_0DB8_0000_0001, 0);
    private static readonly IPAddress GoogleDns = IPAddress.Parse("2001:4860:4860::8888");

    // Written by hand from RFC 8200 §3, RFC 4861 §4.2/§4.6.2/§4.6.4 and RFC 8106 §5.1; "CC CC" is the ICMPv6
    // checksum, computed in the test by IpTestPackets' own RFC 1071 sum.
    private const string ExpectedWithDns =
        "60 00 00 00 00 50 3A FF"                                          // IPv6: payload 80, ICMPv6, hop limit 255
        + " FE 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01"                // fe80::1
        + " FF 02 00 00 00 00 00 00 00 00 00 00 00 00 00 01"                // ff02::1
        + " 86 00 CC CC 00 00 07 08 00 00 00 00 00 00 00 00"                // RA 134; cur hop 0; M=O=0; lifetime 1800; 0; 0
        + " 03 04 40 C0 00 01 51 80 00 00 38 40 00 00 00 00"                // PIO: /64, L A, valid 86400, preferred 14400
        + " 20 01 0D B8 00 00 00 01 00 00 00 00 00 00 00 00"                // 2001:db8:0:1::
        + " 05 01 00 00 00 00 05 78"                                        // MTU 1400
        + " 19 03 00 00 00 00 07 08"                                        // RDNSS, 1 server, lifetime 1800
        + " 20 01 48 60 48 60 00 00 00 00 00 00 00 00 88 88";               // 2001:4860:4860::8888

    [Fact]
    public void Write_HandWrittenLayout_ExactBytesAndIndependentChecksum()
    {
        var expected = Hex.Parse(ExpectedWithDns);
        expected[42] = 0;
        expected[43] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(expected.AsSpan(42), (ushort)~OnesSum(expected.AsSpan(40), PseudoSum(expected, 40, 80, 58)));

        var buffer = new byte[200];
        int written = RouterAdvertisement.Write(buffer, RouterIid, ClientIid, Prefix, 1400, [GoogleDns],
            TimeSpan.FromSeconds(1800), TimeSpan.FromDays(1), TimeSpan.FromHours(4));

        Assert.Equal(120, written);
        Assert.Equal(RouterAdvertisement.GetEncodedLength(1), written);
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer.AsSpan(0, written)));
        Assert.True(UpperChecksumValid(buffer, 40, written, 58));
    }

    [Fact]
    public void Write_NoDnsServers_NoRdnssOption()
    {
        var buffer = new byte[RouterAdvertisement.GetEncodedLength(0)];
        int written = RouterAdvertisement.Write(buffer, RouterIid, ClientIid, Prefix, 1400, [],
            TimeSpan.FromSeconds(1800), TimeSpan.FromDays(1), TimeSpan.FromHours(4));

        Assert.Equal(96, written);
        var parsed = Parse(buffer);
        Assert.Equal([3, 5], parsed.OptionTypes);
        Assert.Empty(parsed.Dns);
        Assert.True(UpperChecksumValid(buffer, 40, written, 58));
    }

    [Fact]
    public void Write_Solicited_UnicastToClientLinkLocal()
    {
        // RFC 4861 §6.2.6: a solicited advertisement may go to the soliciting host's address.
        var buffer = new byte[RouterAdvertisement.GetEncodedLength(0)];
        RouterAdvertisement.Write(buffer, RouterIid, ClientIid, Prefix, 1500, [],
            TimeSpan.FromSeconds(600), TimeSpan.FromDays(1), TimeSpan.FromHours(4), solicited: true);

        Assert.True(IpPacket.TryGetIPv6Destination(buffer, out var destination));
        Assert.Equal(new UInt128(0xFE80_0000_0000_0000, ClientIid), destination);
        Assert.True(UpperChecksumValid(buffer, 40, buffer.Length, 58));
    }

    [Fact]
    public void Write_InfiniteLifetimesAndHostBitsInPrefix_InfinityAndMasked()
    {
        // RFC 4861 §4.6.2: 0xFFFFFFFF is infinity; bits after the prefix length MUST be zero.
        var buffer = new byte[RouterAdvertisement.GetEncodedLength(0)];
        RouterAdvertisement.Write(buffer, RouterIid, ClientIid, new UInt128(0x2001_0DB8_0000_0042, 0xDEAD_BEEF), 1280, [],
            TimeSpan.Zero, TimeSpan.MaxValue, TimeSpan.FromSeconds(uint.MaxValue + 5.0));

        var parsed = Parse(buffer);
        Assert.Equal(0, parsed.RouterLifetime);
        Assert.Equal(uint.MaxValue, parsed.Valid);
        Assert.Equal(uint.MaxValue, parsed.Preferred);
        Assert.Equal(new UInt128(0x2001_0DB8_0000_0042, 0), parsed.Prefix);
        Assert.Equal(1280u, parsed.Mtu);
    }

    [Fact]
    public void Write_GeneratedInputs_ParseBackEveryField()
    {
        var dns = Gen.Select(Gen.ULong, Gen.ULong, (h, l) => new UInt128(h, l)).Array[0, 5];
        Gen.Select(Gen.ULong, Gen.ULong, Gen.ULong, Gen.Int[1280, 4087], dns, Gen.Int[0, 9000], Gen.UInt, Gen.Bool)
            .Sample((router, client, prefixHigh, mtu, servers, lifetime, valid, solicited) =>
            {
                var addresses = servers.Select(s =>
                {
                    var bytes = new byte[16];
                    BinaryPrimitives.WriteUInt128BigEndian(bytes, s);
                    return new IPAddress(bytes);
                }).ToList();
                var buffer = new byte[RouterAdvertisement.GetEncodedLength(addresses.Count) + 7];
                int written = RouterAdvertisement.Write(buffer, router, client, new UInt128(prefixHigh, 0), mtu, addresses,
                    TimeSpan.FromSeconds(lifetime), TimeSpan.FromSeconds(valid), TimeSpan.FromSeconds(valid / 2), solicited);

                Assert.Equal(buffer.Length - 7, written);
                var parsed = Parse(buffer.AsSpan(0, written));
                Assert.Equal(new UInt128(0xFE80_0000_0000_0000, router), parsed.Source);
                Assert.Equal(solicited ? new UInt128(0xFE80_0000_0000_0000, client) : new UInt128(0xFF02_0000_0000_0000, 1), parsed.Destination);
                Assert.Equal(lifetime, parsed.RouterLifetime);
                Assert.Equal((valid, valid / 2), (parsed.Valid, parsed.Preferred));
                Assert.Equal(new UInt128(prefixHigh, 0), parsed.Prefix);
                Assert.Equal((uint)mtu, parsed.Mtu);
                Assert.Equal(servers, parsed.Dns);
                Assert.Equal(servers.Length == 0 ? 0u : (uint)lifetime, parsed.DnsLifetime);
                Assert.True(UpperChecksumValid(buffer, 40, written, 58));
            });
    }

    [Fact]
    public void Write_IPv4DnsServer_Throws()
    {
        Assert.Throws<ArgumentException>(() => RouterAdvertisement.Write(new byte[200], RouterIid, ClientIid, Prefix, 1400,
            [IPAddress.Parse("8.8.8.8")], TimeSpan.FromSeconds(1800), TimeSpan.FromDays(1), TimeSpan.FromHours(4)));
    }

    public static TheoryData<string, int, int, double, double, double> BadArguments => new()
    {
        { "destination too small", 95, 1400, 1800, 86400, 14400 },
        { "MTU below 1280 (RFC 8200 §5)", 200, 1279, 1800, 86400, 14400 },
        { "router lifetime over 9000 s (RFC 4861 §6.2.1)", 200, 1400, 9001, 86400, 14400 },
        { "negative router lifetime", 200, 1400, -1, 86400, 14400 },
        { "preferred longer than valid (RFC 4862 §5.5.3 c)", 200, 1400, 1800, 100, 101 },
        { "negative valid lifetime", 200, 1400, 1800, -5, -10 },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Write_MisuseOfParameters_ThrowsArgumentException(string name, int size, int mtu, double router, double valid, double preferred)
    {
        var error = Record.Exception(() => RouterAdvertisement.Write(new byte[size], RouterIid, ClientIid, Prefix, mtu, [],
            TimeSpan.FromSeconds(router), TimeSpan.FromSeconds(valid), TimeSpan.FromSeconds(preferred)));
        Assert.IsAssignableFrom<ArgumentException>(error);
        Assert.NotNull(name);
    }

    [Fact]
    public void Write_Output_PassesReceiverValidation()
    {
        // RFC 4861 §6.1.2: source link-local, hop limit 255, code 0, ICMP length ≥ 16, options with length > 0.
        var buffer = new byte[RouterAdvertisement.GetEncodedLength(2)];
        RouterAdvertisement.Write(buffer, RouterIid, ClientIid, Prefix, 1400, [GoogleDns, IPAddress.Parse("2001:4860:4860::8844")],
            TimeSpan.FromSeconds(1800), TimeSpan.FromDays(1), TimeSpan.FromHours(4));

        Assert.Equal(OperationStatus.Done, IpPacket.TryReadHeader(buffer, out var info, out _));
        Assert.Equal((40, IpPacket.ProtocolIcmpV6, buffer.Length), (info.HeaderLength, info.Protocol, info.TotalLength));
        Assert.Equal(255, buffer[7]);
        Assert.Equal((RouterAdvertisement.IcmpType, (byte)0), (buffer[40], buffer[41]));
        Assert.Equal([3, 5, 25], Parse(buffer).OptionTypes);
        Assert.False(RouterSolicitation.IsRouterSolicitation(buffer));
    }

    private sealed record Parsed(UInt128 Source, UInt128 Destination, int RouterLifetime, uint Valid, uint Preferred, UInt128 Prefix,
        uint Mtu, uint DnsLifetime, UInt128[] Dns, int[] OptionTypes);

    /// <summary>A test-side reader of the RA, walking the options by their own lengths (RFC 4861 §4.6).</summary>
    private static Parsed Parse(ReadOnlySpan<byte> packet)
    {
        Assert.Equal(0x60, packet[0]);
        Assert.Equal(packet.Length - 40, BinaryPrimitives.ReadUInt16BigEndian(packet[4..]));
        var icmp = packet[40..];
        Assert.Equal(134, icmp[0]);
        Assert.Equal(0, icmp[4]); // cur hop limit unspecified
        Assert.Equal(0, icmp[5]); // M = O = 0, Prf medium
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(icmp[8..])); // reachable time
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(icmp[12..])); // retrans timer
        uint valid = 0, preferred = 0, mtu = 0, dnsLifetime = 0;
        UInt128 prefix = 0;
        var dns = new List<UInt128>();
        var types = new List<int>();
        for (var options = icmp[16..]; !options.IsEmpty; options = options[(options[1] * 8)..])
        {
            types.Add(options[0]);
            switch (options[0])
            {
                case 3:
                    Assert.Equal((4, 64, 0xC0), (options[1], options[2], options[3]));
                    valid = BinaryPrimitives.ReadUInt32BigEndian(options[4..]);
                    preferred = BinaryPrimitives.ReadUInt32BigEndian(options[8..]);
                    Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(options[12..]));
                    prefix = BinaryPrimitives.ReadUInt128BigEndian(options[16..]);
                    break;
                case 5:
                    Assert.Equal(1, options[1]);
                    mtu = BinaryPrimitives.ReadUInt32BigEndian(options[4..]);
                    break;
                case 25:
                    Assert.Equal(1, options[1] % 2);
                    dnsLifetime = BinaryPrimitives.ReadUInt32BigEndian(options[4..]);
                    for (int at = 8; at < options[1] * 8; at += 16)
                    {
                        dns.Add(BinaryPrimitives.ReadUInt128BigEndian(options[at..]));
                    }

                    break;
                default:
                    Assert.Fail($"unexpected option {options[0]}");
                    break;
            }
        }

        return new Parsed(BinaryPrimitives.ReadUInt128BigEndian(packet[8..]), BinaryPrimitives.ReadUInt128BigEndian(packet[24..]),
            BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]), valid, preferred, prefix, mtu, dnsLifetime, [.. dns], [.. types]);
    }
}

using System.Net;
using Sstp.Protocol.Radius;
using Sstp.Server.Aaa;
using static Sstp.Server.Tests.Aaa.DasTestPacket;

namespace Sstp.Server.Tests.Aaa;

/// <summary>
/// The attribute rules of a Disconnect-/CoA-Request (RFC 5176 §3, §3.6; AUTH.md §7.7), one row per rule,
/// through the listener on loopback: the answer code and Error-Cause, and whether the sessions were asked.
/// </summary>
public sealed class DasRequestRulesTests
{
    private const byte Disconnect = 40, CoA = 43;

    public static TheoryData<string, byte, (byte Type, byte[] Value)[], byte, uint?, bool> Rules => new()
    {
        // name, request code, attributes, answer code, Error-Cause, sessions asked
        { "Disconnect, Framed-IP only", Disconnect, [Raw(FramedIpAddress, 10, 1, 2, 3)], 41, null, true },
        { "Disconnect, no session identification → 402", Disconnect, [Text(NasIdentifier, "x")], 42, 402u, false },
        { "Disconnect, nothing at all → 402", Disconnect, [], 42, 402u, false },
        { "Disconnect, Framed-IP of 3 octets → 407", Disconnect, [Text(UserName, "a"), Raw(FramedIpAddress, 10, 1, 2)], 42, 407u, false },
        { "Disconnect, empty User-Name → 407", Disconnect, [Raw(UserName)], 42, 407u, false },
        { "Disconnect, empty Acct-Session-Id → 407", Disconnect, [Text(UserName, "a"), Raw(AcctSessionId)], 42, 407u, false },
        { "Disconnect, Calling-Station-Id unsupported → 401", Disconnect, [Text(UserName, "a"), Text(CallingStationId, "192.0.2.1")], 42, 401u, false },
        { "Disconnect, Service-Type → 401 (405 not allowed in a Disconnect-NAK)", Disconnect, [Text(UserName, "a"), Integer(ServiceType, 17)], 42, 401u, false },
        { "Disconnect, Session-Timeout is not a Disconnect attribute → 401", Disconnect, [Text(UserName, "a"), Integer(SessionTimeout, 5)], 42, 401u, false },
        { "Disconnect, Vendor-Specific → 401", Disconnect, [Text(UserName, "a"), Raw(VendorSpecific, 0, 0, 0x01, 0x37, 1, 3, 0)], 42, 401u, false },
        { "Disconnect, Acct-Terminate-Cause ignored", Disconnect, [Text(UserName, "a"), Integer(AcctTerminateCause, 6)], 41, null, true },
        { "Disconnect, Reply-Message ignored", Disconnect, [Text(UserName, "a"), Text(ReplyMessage, "bye")], 41, null, true },
        { "Disconnect, NAS-Port-Type Virtual matches", Disconnect, [Text(UserName, "a"), Integer(NasPortType, 5)], 41, null, true },
        { "Disconnect, NAS-Port-Type Ethernet matches nothing → 503", Disconnect, [Text(UserName, "a"), Integer(NasPortType, 15)], 42, 503u, false },
        { "CoA, only Filter-Id → 401", CoA, [Text(UserName, "a"), Text(FilterId, "slow")], 45, 401u, false },
        { "CoA, Idle-Timeout unsupported → 401", CoA, [Text(UserName, "a"), Integer(SessionTimeout, 60), Integer(IdleTimeout, 60)], 45, 401u, false },
        { "CoA, another vendor's VSA unsupported → 401", CoA, [Text(UserName, "a"), Integer(SessionTimeout, 60), Raw(VendorSpecific, 0, 0, 0x37, 0x2B, 8, 6, 0, 0, 0, 1)], 45, 401u, false },
        { "CoA, WISPr-Bandwidth-Max-Down alone → ACK", CoA, [Text(UserName, "a"), Raw(VendorSpecific, 0, 0, 0x37, 0x2A, 8, 6, 0, 0x3D, 0x09, 0)], 44, null, true },
        { "CoA, Mikrotik-Rate-Limit with Session-Timeout → ACK", CoA, [Text(UserName, "a"), Integer(SessionTimeout, 60), Raw(VendorSpecific, 0, 0, 0x3A, 0x8C, 8, 7, (byte)'1', (byte)'M', (byte)'/', (byte)'2', (byte)'M')], 44, null, true },
        { "CoA, WISPr rate of 2 octets → 407", CoA, [Text(UserName, "a"), Raw(VendorSpecific, 0, 0, 0x37, 0x2A, 8, 4, 0, 1)], 45, 407u, false },
        { "CoA, Mikrotik-Rate-Limit not a rate → 407", CoA, [Text(UserName, "a"), Raw(VendorSpecific, 0, 0, 0x3A, 0x8C, 8, 4, (byte)'x', (byte)'y')], 45, 407u, false },
        { "CoA, WISPr rate next to another WISPr attribute → 401", CoA, [Text(UserName, "a"), Raw(VendorSpecific, 0, 0, 0x37, 0x2A, 8, 6, 0, 0, 0, 1, 5, 6, 0, 0, 0, 1)], 45, 401u, false },
        { "Disconnect, WISPr rate is not a Disconnect attribute → 401", Disconnect, [Text(UserName, "a"), Raw(VendorSpecific, 0, 0, 0x37, 0x2A, 8, 6, 0, 0, 0, 1)], 42, 401u, false },
        { "CoA, Service-Type Authorize-Only with State → 405", CoA, [Text(UserName, "a"), Integer(ServiceType, 17), Raw(State, 1, 2)], 45, 405u, false },
        { "Disconnect, State → 401", Disconnect, [Text(UserName, "a"), Raw(State, 1, 2)], 42, 401u, false },
        { "CoA, Service-Type only → 405", CoA, [Text(UserName, "a"), Integer(ServiceType, 17)], 45, 405u, false },
        { "CoA, nothing to change → 402", CoA, [Text(UserName, "a")], 45, 402u, false },
        { "CoA, Session-Timeout of 2 octets → 407", CoA, [Text(UserName, "a"), Raw(SessionTimeout, 0, 5)], 45, 407u, false },
        { "CoA, Acct-Terminate-Cause is not a CoA attribute → 401", CoA, [Text(UserName, "a"), Integer(SessionTimeout, 60), Integer(AcctTerminateCause, 6)], 45, 401u, false },
        { "CoA, no session identification → 402", CoA, [Integer(SessionTimeout, 60)], 45, 402u, false },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Request_AnsweredPerRfc5176(string name, byte code, (byte Type, byte[] Value)[] attributes, byte answerCode, uint? cause, bool asked)
    {
        await using var das = new DasHarness();

        var answer = await das.ExchangeAsync(Request(code, 1, DasHarness.Secret, attributes));

        Assert.True(answerCode == answer[0], name);
        Assert.Equal(cause, ErrorCauseOf(answer));
        Assert.Equal(asked, das.Sessions.Disconnects.Count + das.Sessions.Changes.Count == 1);
    }

    [Fact]
    public async Task CoA_RateAttributes_ReachTheSessionsAsOneRateLimit()
    {
        await using var das = new DasHarness();
        // WISPr-Bandwidth-Max-Up 2,000,000 and Mikrotik-Rate-Limit "1M/8M" (rx = up, tx = down): MikroTik's wins.
        var answer = await das.ExchangeAsync(Request(
            CoA, 1, DasHarness.Secret, Text(UserName, "a"),
            Raw(VendorSpecific, 0, 0, 0x37, 0x2A, 7, 6, 0, 0x1E, 0x84, 0x80),
            Raw(VendorSpecific, 0, 0, 0x3A, 0x8C, 8, 7, (byte)'1', (byte)'M', (byte)'/', (byte)'8', (byte)'M')));

        Assert.Equal(44, answer[0]);
        var change = Assert.Single(das.Sessions.Changes);
        Assert.Null(change.SessionTimeout);
        Assert.Equal(new Sstp.Protocol.Policing.RateLimit(8_000_000, 1_000_000), change.RateLimit);
    }

    public static TheoryData<string, (byte Type, byte[] Value)[], uint?> NasChecks => new()
    {
        { "NAS-Identifier ours", [Text(NasIdentifier, "sstp-1")], null },
        { "NAS-Identifier other → 403", [Text(NasIdentifier, "sstp-2")], 403u },
        { "NAS-Identifier differs in case → 403", [Text(NasIdentifier, "SSTP-1")], 403u },
        { "NAS-IP-Address ours", [Raw(NasIpAddress, 192, 0, 2, 10)], null },
        { "NAS-IP-Address other → 403", [Raw(NasIpAddress, 192, 0, 2, 11)], 403u },
        { "NAS-IP-Address of 3 octets → 407", [Raw(NasIpAddress, 192, 0, 2)], 407u },
        { "both ours", [Text(NasIdentifier, "sstp-1"), Raw(NasIpAddress, 192, 0, 2, 10)], null },
        { "name ours, address other → 403", [Text(NasIdentifier, "sstp-1"), Raw(NasIpAddress, 198, 51, 100, 1)], 403u },
        { "mismatch wins over an unsupported attribute", [Text(NasIdentifier, "x"), Text(CallingStationId, "y")], 403u },
        { "absent", [], null },
    };

    [Theory]
    [MemberData(nameof(NasChecks))]
    public async Task NasIdentity_MismatchNaksWith403(string name, (byte Type, byte[] Value)[] nasAttributes, uint? cause)
    {
        var nas = new RadiusNasAttributes { NasIdentifier = "sstp-1", NasIpAddress = IPAddress.Parse("192.0.2.10") };
        await using var das = new DasHarness(nas);

        var answer = await das.ExchangeAsync(Request(Disconnect, 1, DasHarness.Secret, [Text(UserName, "a"), .. nasAttributes]));

        Assert.True(cause == ErrorCauseOf(answer), name);
        Assert.Equal(cause is null ? (byte)41 : (byte)42, answer[0]);
    }

    [Fact]
    public async Task NasIdentity_NotConfigured_AcceptsAnyNasAttributes()
    {
        await using var das = new DasHarness(nas: null);

        var answer = await das.ExchangeAsync(Request(Disconnect, 1, DasHarness.Secret, Text(UserName, "a"), Text(NasIdentifier, "whoever"), Raw(NasIpAddress, 1, 2, 3, 4)));

        Assert.Equal(41, answer[0]);
    }

    [Fact]
    public async Task CoAMismatch_NaksWith403OnCoANak()
    {
        await using var das = new DasHarness(new RadiusNasAttributes { NasIdentifier = "sstp-1" });

        var answer = await das.ExchangeAsync(Request(CoA, 1, DasHarness.Secret, Text(UserName, "a"), Integer(SessionTimeout, 60), Text(NasIdentifier, "other")));

        Assert.Equal(45, answer[0]);
        Assert.Equal(403u, ErrorCauseOf(answer));
        Assert.Empty(das.Sessions.Changes);
    }
}

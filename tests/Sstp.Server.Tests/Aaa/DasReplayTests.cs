using Sstp.Server.Aaa;
using static Sstp.Server.Tests.Aaa.DasTestPacket;

namespace Sstp.Server.Tests.Aaa;

/// <summary>
/// Retransmissions (RFC 5080 §2.2.2: same source, Identifier and authenticator → same answer, acted on once)
/// and the Event-Timestamp window (RFC 5176 §3.5), with a manual clock.
/// </summary>
public sealed class DasReplayTests
{
    private const byte Disconnect = 40, CoA = 43;

    [Fact]
    public async Task Retransmission_GetsTheSameAnswerWithoutActingTwice()
    {
        await using var das = new DasHarness();
        var request = Request(Disconnect, 21, DasHarness.Secret, Text(UserName, "alice"));

        var first = await das.ExchangeAsync(request);
        das.Time.Advance(TimeSpan.FromSeconds(3));
        das.Sessions.Outcome = DasOutcome.NotFound; // the session is gone now; the answer must not change
        var second = await das.ExchangeAsync(request);

        Assert.Equal(first, second);
        Assert.Equal(41, second[0]);
        Assert.Single(das.Sessions.Disconnects);
        Assert.Contains(das.Logger.Lines, line => line.EventId == 4306);
    }

    [Fact]
    public async Task RetransmittedNak_IsRepeatedToo()
    {
        await using var das = new DasHarness();
        var request = Request(CoA, 22, DasHarness.Secret, Text(UserName, "a"), Text(FilterId, "x"));

        var first = await das.ExchangeAsync(request);
        var second = await das.ExchangeAsync(request);

        Assert.Equal(first, second);
        Assert.Equal(401u, ErrorCauseOf(second));
    }

    [Fact]
    public async Task SameIdentifierNewAuthenticator_IsANewRequest()
    {
        await using var das = new DasHarness();

        await das.ExchangeAsync(Request(Disconnect, 23, DasHarness.Secret, Text(UserName, "alice")));
        await das.ExchangeAsync(Request(Disconnect, 23, DasHarness.Secret, Text(UserName, "bob")));

        Assert.Equal(["alice", "bob"], das.Sessions.Disconnects.Select(s => s.UserName));
    }

    [Fact]
    public async Task SameRequestFromAnotherPort_IsANewRequest()
    {
        await using var das = new DasHarness();
        using var otherPort = DasHarness.Bind(System.Net.IPAddress.Loopback);
        var request = Request(Disconnect, 24, DasHarness.Secret, Text(UserName, "alice"));

        await das.ExchangeAsync(request);
        das.Send(request, otherPort);
        AssertSigned(await das.ReceiveAsync(otherPort), request, DasHarness.Secret);

        Assert.Equal(2, das.Sessions.Disconnects.Count);
    }

    [Fact]
    public async Task RetransmissionAfterTheWindow_IsActedOnAgain()
    {
        await using var das = new DasHarness();
        var request = Request(Disconnect, 25, DasHarness.Secret, Text(UserName, "alice"));

        await das.ExchangeAsync(request);
        das.Time.Advance(TimeSpan.FromSeconds(31));
        await das.ExchangeAsync(request);

        Assert.Equal(2, das.Sessions.Disconnects.Count);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public async Task EventTimestamp_OutsideThreeHundredSeconds_IsDropped(int skewSeconds, bool answered)
    {
        await using var das = new DasHarness();
        uint stamp = (uint)(das.Time.GetUtcNow().ToUnixTimeSeconds() + skewSeconds);
        das.Send(Request(Disconnect, 1, DasHarness.Secret, Text(UserName, "stamped"), Integer(EventTimestamp, stamp)));
        das.Send(Request(Disconnect, 2, DasHarness.Secret, Text(UserName, "plain")));

        var answer = await das.ReceiveAsync();
        if (answered)
        {
            Assert.Equal(1, answer[1]);
            answer = await das.ReceiveAsync();
        }

        Assert.Equal(2, answer[1]);
        Assert.Equal(answered ? ["stamped", "plain"] : ["plain"], das.Sessions.Disconnects.Select(s => s.UserName));
    }
}

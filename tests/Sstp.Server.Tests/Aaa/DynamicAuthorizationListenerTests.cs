using System.Net;
using System.Net.Sockets;
using Sstp.Protocol.Radius;
using Sstp.Server.Aaa;
using static Sstp.Server.Tests.Aaa.DasTestPacket;

namespace Sstp.Server.Tests.Aaa;

/// <summary>
/// The RFC 5176 listener over loopback UDP (AUTH.md §7.7): answers, signatures, drops and duplicates.
/// "No answer" is shown without waiting: the listener handles datagrams one by one in arrival order, so when
/// the answer to a later good request arrives, an answer to the earlier bad one would already be queued.
/// </summary>
public sealed class DynamicAuthorizationListenerTests
{
    private const byte Disconnect = 40, DisconnectAck = 41, DisconnectNak = 42, CoA = 43, CoAAck = 44, CoANak = 45;

    [Fact]
    public async Task DisconnectByAcctSessionId_AcksAndEndsTheSession()
    {
        await using var das = new DasHarness();
        var request = Request(Disconnect, 7, DasHarness.Secret, Text(AcctSessionId, "5f3a0000000001"));

        var answer = await das.ExchangeAsync(request);

        // AUTH.md §7.7: Disconnect-ACK (41), same Identifier, no Error-Cause.
        Assert.Equal(DisconnectAck, answer[0]);
        Assert.Equal(7, answer[1]);
        Assert.Null(ErrorCauseOf(answer));
        Assert.Equal([new DasSelector("5f3a0000000001", null, null)], das.Sessions.Disconnects);
    }

    [Fact]
    public async Task DisconnectByUserName_AcksAndEndsTheSession()
    {
        await using var das = new DasHarness();

        var answer = await das.ExchangeAsync(Request(Disconnect, 200, DasHarness.Secret, Text(UserName, "alice")));

        Assert.Equal(DisconnectAck, answer[0]);
        Assert.Equal(200, answer[1]);
        Assert.Equal([new DasSelector(null, "alice", null)], das.Sessions.Disconnects);
    }

    [Fact]
    public async Task DisconnectWithEverySelector_PassesAllThree()
    {
        await using var das = new DasHarness();

        var answer = await das.ExchangeAsync(Request(
            Disconnect, 1, DasHarness.Secret, Text(UserName, "bob"), Raw(FramedIpAddress, 10, 0, 0, 9), Text(AcctSessionId, "s-1")));

        Assert.Equal(DisconnectAck, answer[0]);
        Assert.Equal([new DasSelector("s-1", "bob", IPAddress.Parse("10.0.0.9"))], das.Sessions.Disconnects);
    }

    [Fact]
    public async Task DisconnectUnknownSession_NaksWithSessionContextNotFound()
    {
        await using var das = new DasHarness();
        das.Sessions.Outcome = DasOutcome.NotFound;

        var answer = await das.ExchangeAsync(Request(Disconnect, 3, DasHarness.Secret, Text(UserName, "nobody")));

        // AUTH.md §7.7: Disconnect-NAK (42) with Error-Cause (101) = 503 Session-Context-Not-Found.
        Assert.Equal(DisconnectNak, answer[0]);
        Assert.Equal(503u, ErrorCauseOf(answer));
        Assert.Single(das.Sessions.Disconnects);
    }

    [Fact]
    public async Task CoAWithSessionTimeout_AcksAndPassesTheValue()
    {
        await using var das = new DasHarness();

        var answer = await das.ExchangeAsync(Request(CoA, 9, DasHarness.Secret, Text(UserName, "alice"), Integer(SessionTimeout, 3600)));

        Assert.Equal(CoAAck, answer[0]);
        Assert.Equal(9, answer[1]);
        Assert.Null(ErrorCauseOf(answer));
        Assert.Equal([(new DasSelector(null, "alice", null), (TimeSpan?)TimeSpan.FromHours(1), default(Sstp.Protocol.Policing.RateLimit))], das.Sessions.Changes);
        Assert.Empty(das.Sessions.Disconnects);
    }

    [Theory]
    [InlineData(DasOutcome.NotFound, 503u)]
    [InlineData(DasOutcome.Unsupported, 401u)]
    public async Task CoAOutcome_NaksWithItsErrorCause(DasOutcome outcome, uint cause)
    {
        await using var das = new DasHarness();
        das.Sessions.Outcome = outcome;

        var answer = await das.ExchangeAsync(Request(CoA, 4, DasHarness.Secret, Text(AcctSessionId, "x"), Integer(SessionTimeout, 60)));

        Assert.Equal(CoANak, answer[0]);
        Assert.Equal(cause, ErrorCauseOf(answer));
    }

    [Fact]
    public async Task DisconnectUnsupportedByTheServer_NaksWithUnsupportedAttribute()
    {
        await using var das = new DasHarness();
        das.Sessions.Outcome = DasOutcome.Unsupported;

        var answer = await das.ExchangeAsync(Request(Disconnect, 4, DasHarness.Secret, Text(UserName, "a")));

        // RFC 5176 §3.6: 405 is never sent in a Disconnect-NAK, so Unsupported maps to 401.
        Assert.Equal(DisconnectNak, answer[0]);
        Assert.Equal(401u, ErrorCauseOf(answer));
    }

    [Fact]
    public async Task SessionControlThrows_NaksWithResourcesUnavailableAndKeepsServing()
    {
        await using var das = new DasHarness();
        das.Sessions.Throw = true;

        var first = await das.ExchangeAsync(Request(Disconnect, 1, DasHarness.Secret, Text(UserName, "a")));
        das.Sessions.Throw = false;
        var second = await das.ExchangeAsync(Request(Disconnect, 2, DasHarness.Secret, Text(UserName, "a")));

        Assert.Equal((DisconnectNak, 506u), (first[0], ErrorCauseOf(first)));
        Assert.Equal(DisconnectAck, second[0]);
        Assert.Contains(das.Logger.Lines, line => line.EventId == 4308);
    }

    [Fact]
    public async Task WrongSecret_NoAnswerAndNoAction()
    {
        await using var das = new DasHarness();
        das.Send(Request(Disconnect, 1, "not-the-secret"u8.ToArray(), Text(UserName, "alice")));
        das.Send(Request(Disconnect, 1, "not-the-secret"u8.ToArray(), Text(UserName, "alice"), Text(ReplyMessage, "again")));

        var answer = await das.ExchangeAsync(Request(Disconnect, 2, DasHarness.Secret, Text(UserName, "carol")));

        Assert.Equal(2, answer[1]);
        Assert.Equal([new DasSelector(null, "carol", null)], das.Sessions.Disconnects);
        Assert.Equal(0, das.Client.Available);
        Assert.Single(das.Logger.Lines, line => line.EventId == 4302);
    }

    [Fact]
    public async Task UnknownClientAddress_NoAnswerAndLoggedOnce()
    {
        await using var das = new DasHarness();
        using var stranger = DasHarness.Bind(IPAddress.Parse("127.0.0.2"));
        das.Send(Request(Disconnect, 1, DasHarness.Secret, Text(UserName, "alice")), stranger);
        das.Send(Request(Disconnect, 2, DasHarness.Secret, Text(UserName, "alice")), stranger);

        var answer = await das.ExchangeAsync(Request(Disconnect, 3, DasHarness.Secret, Text(UserName, "dave")));

        Assert.Equal(3, answer[1]);
        Assert.Equal([new DasSelector(null, "dave", null)], das.Sessions.Disconnects);
        Assert.Equal(0, stranger.Available);
        Assert.Single(das.Logger.Lines, line => line.EventId == 4301);
    }

    [Fact]
    public async Task SecondClient_IsVerifiedWithItsOwnSecret()
    {
        byte[] other = "second-secret"u8.ToArray();
        await using var das = new DasHarness(clients: [new DasClient(IPAddress.Loopback, DasHarness.Secret), new DasClient(IPAddress.Parse("127.0.0.3"), other)]);
        using var second = DasHarness.Bind(IPAddress.Parse("127.0.0.3"));
        var request = Request(Disconnect, 5, other, Text(UserName, "eve"));

        das.Send(request, second);
        var answer = await das.ReceiveAsync(second);

        AssertSigned(answer, request, other);
        Assert.Equal(DisconnectAck, answer[0]);
    }

    [Theory]
    [InlineData(RadiusCode.AccessRequest)]
    [InlineData(RadiusCode.AccountingRequest)]
    [InlineData(RadiusCode.DisconnectAck)]
    [InlineData(RadiusCode.CoANak)]
    public async Task OtherCodes_AreDropped(RadiusCode code)
    {
        await using var das = new DasHarness();
        das.Send(Request((byte)code, 1, DasHarness.Secret, Text(UserName, "alice")));

        var answer = await das.ExchangeAsync(Request(Disconnect, 2, DasHarness.Secret, Text(UserName, "ok")));

        Assert.Equal(2, answer[1]);
        Assert.Single(das.Sessions.Disconnects);
    }

    [Fact]
    public async Task RequestWithMessageAuthenticator_AnswerCarriesAValidOne()
    {
        await using var das = new DasHarness();
        var request = Request(CoA, 11, DasHarness.Secret, messageAuthenticator: true, Text(UserName, "alice"), Integer(SessionTimeout, 10));

        var answer = await das.ExchangeAsync(request);

        // AssertSigned checks the HMAC-MD5 (RFC 2869 §5.14, computed with the request's authenticator).
        Assert.Equal(CoAAck, answer[0]);
        Assert.Contains(Attributes(answer), a => a.Type == MessageAuthenticator);
    }

    [Fact]
    public async Task BadMessageAuthenticator_NoAnswer()
    {
        await using var das = new DasHarness();
        var request = Request(Disconnect, 1, DasHarness.Secret, messageAuthenticator: true, Text(UserName, "alice"));
        request[^1] ^= 0x01;
        // Re-sign the outer authenticator so that only the HMAC is wrong.
        Array.Clear(request, 4, 16);
        Md5([.. request, .. DasHarness.Secret]).CopyTo(request, 4);
        das.Send(request);

        var answer = await das.ExchangeAsync(Request(Disconnect, 2, DasHarness.Secret, Text(UserName, "ok")));

        Assert.Equal(2, answer[1]);
        Assert.Equal([new DasSelector(null, "ok", null)], das.Sessions.Disconnects);
    }

    [Fact]
    public async Task ProxyState_IsEchoedInOrder()
    {
        await using var das = new DasHarness();
        das.Sessions.Outcome = DasOutcome.NotFound;

        var answer = await das.ExchangeAsync(Request(
            Disconnect, 1, DasHarness.Secret, Raw(ProxyState, 1, 2, 3), Text(UserName, "a"), Raw(ProxyState, 9)));

        // RFC 2865 §5.33: Proxy-State copied unmodified and in order; then Error-Cause on the NAK.
        var attributes = Attributes(answer);
        Assert.Equal([ProxyState, ProxyState, ErrorCause], attributes.Select(a => a.Type));
        Assert.Equal([1, 2, 3], attributes[0].Value);
        Assert.Equal([9], attributes[1].Value);
    }

    [Fact]
    public async Task RandomDatagrams_AreDroppedAndNeverStopTheListener()
    {
        await using var das = new DasHarness();
        var random = new Random(5176);
        for (int round = 0; round < 12; round++)
        {
            // 25 per round keeps the socket's receive queue far below its limit, so nothing is lost to the kernel.
            for (int i = 0; i < 25; i++)
            {
                var junk = new byte[random.Next(0, 600)];
                random.NextBytes(junk);
                if (i % 2 == 0 && junk.Length >= 20)
                {
                    // A plausible header gets past the first checks; the authenticator still fails.
                    junk[0] = i % 4 == 0 ? Disconnect : CoA;
                    junk[2] = (byte)(junk.Length >> 8);
                    junk[3] = (byte)junk.Length;
                }

                das.Send(junk);
            }

            var answer = await das.ExchangeAsync(Request(Disconnect, (byte)round, DasHarness.Secret, Text(UserName, "after")));
            Assert.Equal(round, answer[1]);
        }

        Assert.False(das.Run.IsCompleted);
        Assert.Equal(12, das.Sessions.Disconnects.Count);
    }

    [Fact]
    public async Task RandomSignedRequests_AreAlwaysAnsweredAndSigned()
    {
        await using var das = new DasHarness();
        var random = new Random(3799);
        for (int n = 0; n < 300; n++)
        {
            var attributes = new (byte Type, byte[] Value)[random.Next(0, 12)];
            for (int i = 0; i < attributes.Length; i++)
            {
                var value = new byte[random.Next(0, 40)];
                random.NextBytes(value);
                byte type = (byte)random.Next(0, 8) switch
                {
                    0 => UserName,
                    1 => AcctSessionId,
                    2 => ProxyState,
                    3 => SessionTimeout,
                    4 => FramedIpAddress,
                    _ => (byte)random.Next(0, 256),
                };
                // A bad Message-Authenticator or a random Event-Timestamp is rightly dropped; other tests cover them.
                attributes[i] = (type is MessageAuthenticator or EventTimestamp ? FilterId : type, value);
            }

            byte code = n % 2 == 0 ? Disconnect : CoA;
            var answer = await das.ExchangeAsync(Request(code, (byte)n, DasHarness.Secret, attributes));

            Assert.Equal((byte)n, answer[1]);
            Assert.Contains(answer[0], code == Disconnect ? new byte[] { DisconnectAck, DisconnectNak } : [CoAAck, CoANak]);
            Assert.Equal(answer[0] is DisconnectNak or CoANak, ErrorCauseOf(answer) is not null);
        }

        Assert.False(das.Run.IsCompleted);
        Assert.DoesNotContain(das.Logger.Lines, line => line.EventId == 4312);
    }

    [Fact]
    public async Task Cancellation_EndsRunAsync()
    {
        var sessions = new DasFakeSessions();
        await using var listener = new DynamicAuthorizationListener(new IPEndPoint(IPAddress.Loopback, 0), [], sessions, new DasCapturingLogger());
        using var stop = new CancellationTokenSource();
        var run = listener.RunAsync(stop.Token);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.True(run.IsCompletedSuccessfully);
        Assert.NotEqual(0, listener.LocalEndPoint.Port);
    }

    [Fact]
    public async Task Dispose_EndsRunAsync()
    {
        var listener = new DynamicAuthorizationListener(new IPEndPoint(IPAddress.Loopback, 0), [], new DasFakeSessions(), new DasCapturingLogger());
        var run = listener.RunAsync(TestContext.Current.CancellationToken);

        await listener.DisposeAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunTwice_Throws()
    {
        await using var das = new DasHarness();

        await Assert.ThrowsAsync<InvalidOperationException>(() => das.Listener.RunAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PortInUse_ConstructorThrowsSocketException()
    {
        await using var das = new DasHarness();

        Assert.Throws<SocketException>(() => new DynamicAuthorizationListener(das.Listener.LocalEndPoint, [], new DasFakeSessions(), new DasCapturingLogger()));
    }
}

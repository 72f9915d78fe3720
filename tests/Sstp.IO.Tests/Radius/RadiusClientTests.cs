using Sstp.TestKit;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sstp.IO.Radius;
using Sstp.Protocol.Radius;

namespace Sstp.IO.Tests.Radius;

/// <summary>RadiusClient against in-process fake servers on 127.0.0.1; retransmission timing on a fake clock.</summary>
public sealed class RadiusClientTests
{
    private static readonly byte[] Secret = "testing123"u8.ToArray();
    private static readonly byte[] Secret2 = "second-secret"u8.ToArray();
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RadiusServerEndpoint Endpoint(FakeRadiusServer server, int priority) =>
        new(server.Endpoint, server.Endpoint, server.Secret, priority);

    private static RadiusClient Client(TimeProvider time, int maxTries, params RadiusServerEndpoint[] servers) =>
        new(new RadiusClientOptions { Servers = servers, Timeout = Timeout, MaxTries = maxTries, DeadTime = TimeSpan.FromSeconds(30) }, NullLogger.Instance, time);

    private static Task<RadiusExchange?> Access(RadiusClient client) =>
        client.AuthenticateAsync((secret, id) => RadiusRequests.Access(secret, id), Ct);

    [Fact]
    public async Task AnsweringServer_ReturnsVerifiedExchange()
    {
        await using var server = new FakeRadiusServer(Secret);
        await using var client = Client(TimeProvider.System, 3, Endpoint(server, 1));
        byte[]? seenSecret = null;
        var exchange = await client.AuthenticateAsync((secret, id) => RadiusRequests.Access(seenSecret = secret, id), Ct);

        Assert.NotNull(exchange);
        Assert.Equal(RadiusCode.AccessAccept, (RadiusCode)exchange.Response[0]);
        Assert.Equal(Secret, seenSecret);
        Assert.Equal(Secret, exchange.Secret);
        Assert.Equal(server.Endpoint, exchange.Server);
        var request = Assert.Single(server.Received);
        Assert.Equal(request.AsSpan(4, 16).ToArray(), exchange.RequestAuthenticator);
        Assert.Equal(request[1], exchange.Response[1]);
        var status = Assert.Single(client.Status);
        Assert.True(status.Alive);
        Assert.Equal(1, status.Answers);
        Assert.Equal(0, status.Timeouts);
        Assert.NotNull(status.LastLatency);
    }

    [Fact]
    public async Task AccountAsync_GoesToTheAccountingEndpoint()
    {
        await using var auth = new FakeRadiusServer(Secret);
        await using var acct = new FakeRadiusServer(Secret);
        await using var client = new RadiusClient(
            new RadiusClientOptions { Servers = [new RadiusServerEndpoint(auth.Endpoint, acct.Endpoint, Secret, 0)] }, NullLogger.Instance);

        var exchange = await client.AccountAsync(RadiusRequests.Accounting, Ct);

        Assert.NotNull(exchange);
        Assert.Equal(RadiusCode.AccountingResponse, (RadiusCode)exchange.Response[0]);
        Assert.Equal(acct.Endpoint, exchange.Server);
        Assert.Equal(0, auth.Count);
        Assert.Equal(1, acct.Count);
    }

    [Fact]
    public async Task Answered_ReportsTheServerTheKindAndTheLatency_OfEveryVerifiedAnswer()
    {
        await using var auth = new FakeRadiusServer(Secret);
        await using var acct = new FakeRadiusServer(Secret);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<(IPEndPoint Server, bool Accounting, TimeSpan Latency)>();
        await using var client = new RadiusClient(
            new RadiusClientOptions
            {
                Servers = [new RadiusServerEndpoint(auth.Endpoint, acct.Endpoint, Secret, 0)],
                Answered = (server, accounting, latency) => seen.Enqueue((server, accounting, latency)),
            },
            NullLogger.Instance);

        Assert.NotNull(await Access(client));
        Assert.NotNull(await client.AccountAsync(RadiusRequests.Accounting, Ct));
        Assert.Null(await client.AuthenticateAsync((_, _) => null, Ct));

        Assert.Collection(
            seen,
            a => Assert.Equal((auth.Endpoint, false), (a.Server, a.Accounting)),
            a => Assert.Equal((acct.Endpoint, true), (a.Server, a.Accounting)));
        Assert.All(seen, a => Assert.True(a.Latency >= TimeSpan.Zero));
    }

    [Fact]
    public async Task BuilderReturnsNull_NothingIsSentAndResultIsNull()
    {
        await using var server = new FakeRadiusServer(Secret);
        await using var client = Client(TimeProvider.System, 3, Endpoint(server, 1));

        var exchange = await client.AuthenticateAsync((_, _) => null, Ct);

        Assert.Null(exchange);
        Assert.Equal(0, server.Count);
        Assert.NotNull(await Access(client));
    }

    [Fact]
    public async Task LowerPriority_IsTriedFirst()
    {
        await using var low = new FakeRadiusServer(Secret);
        await using var high = new FakeRadiusServer(Secret2);
        await using var client = Client(TimeProvider.System, 3, Endpoint(high, 5), Endpoint(low, 1));

        var exchange = await Access(client);

        Assert.Equal(low.Endpoint, exchange!.Server);
        Assert.Equal(0, high.Count);
        Assert.Equal([1, 5], client.Status.Select(s => s.Priority));
    }

    [Fact]
    public async Task SilentFirstServer_RetransmitsThenFailsOverToTheSecond()
    {
        var time = new FakeTimeProvider();
        await using var silent = new FakeRadiusServer(Secret, FakeRadiusMode.Silent);
        await using var second = new FakeRadiusServer(Secret2);
        await using var client = Client(time, 2, Endpoint(silent, 1), Endpoint(second, 2));

        var pending = Access(client);
        await silent.WaitForAsync(1);
        time.Advance(Timeout);
        await silent.WaitForAsync(2);
        time.Advance(Timeout);
        var exchange = await pending;

        Assert.NotNull(exchange);
        Assert.Equal(second.Endpoint, exchange.Server);
        Assert.Equal(Secret2, exchange.Secret);
        // A retransmission is the same packet: same Identifier and Request Authenticator (RFC 2865 §2.4 / AUTH.md §7.1).
        Assert.Equal(silent.Received[0], silent.Received[1]);
        Assert.Equal(2, silent.Count);
        var status = client.Status;
        Assert.False(status[0].Alive);
        Assert.Equal(1, status[0].Timeouts);
        Assert.True(status[1].Alive);
        Assert.Equal(1, status[1].Answers);
    }

    [Fact]
    public async Task DeadServer_IsSkippedDuringHoldDownThenTriedAgain()
    {
        var time = new FakeTimeProvider();
        await using var first = new FakeRadiusServer(Secret, FakeRadiusMode.Silent);
        await using var second = new FakeRadiusServer(Secret2);
        await using var client = Client(time, 1, Endpoint(first, 1), Endpoint(second, 2));

        var pending = Access(client);
        await first.WaitForAsync(1);
        time.Advance(Timeout);
        Assert.Equal(second.Endpoint, (await pending)!.Server);

        // Held down: the next request goes straight to the second server.
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(second.Endpoint, (await Access(client))!.Server);
        Assert.Equal(1, first.Count);

        // After DeadTime the first server is back in line, and its answer revives it.
        first.Mode = FakeRadiusMode.Answer;
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(client.Status[0].Alive);
        Assert.Equal(first.Endpoint, (await Access(client))!.Server);
        Assert.Equal(2, first.Count);
    }

    [Fact]
    public async Task AllServersDead_AreStillTried()
    {
        var time = new FakeTimeProvider();
        await using var only = new FakeRadiusServer(Secret, FakeRadiusMode.Silent);
        await using var client = Client(time, 1, Endpoint(only, 1));

        var pending = Access(client);
        await only.WaitForAsync(1);
        time.Advance(Timeout);
        Assert.Null(await pending);
        Assert.False(client.Status[0].Alive);

        only.Mode = FakeRadiusMode.Answer;
        Assert.Equal(only.Endpoint, (await Access(client))!.Server);
        Assert.True(client.Status[0].Alive);
    }

    [Fact]
    public async Task WrongSecret_AnswerIsDroppedAndTheRequestTimesOut()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeRadiusServer(Secret, FakeRadiusMode.WrongSecret);
        await using var client = Client(time, 2, Endpoint(server, 1));

        var pending = Access(client);
        await server.WaitForAsync(1);
        time.Advance(Timeout);
        await server.WaitForAsync(2);
        await WaitUntil(() => client.Status[0].DroppedReplies >= 2);
        time.Advance(Timeout);

        Assert.Null(await pending);
        var status = client.Status[0];
        Assert.Equal(0, status.Answers);
        Assert.Equal(1, status.Timeouts);
        Assert.Equal(2, status.DroppedReplies);
    }

    [Fact]
    public async Task AccessReplyWithoutMessageAuthenticator_IsRefusedUnlessAllowed()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeRadiusServer(Secret)
        {
            Reply = (request, secret) => FakeRadiusServer.Sign(RadiusCode.AccessAccept, request, secret, messageAuthenticator: false),
        };
        await using (var strict = Client(time, 1, Endpoint(server, 1)))
        {
            var pending = Access(strict);
            await server.WaitForAsync(1);
            await WaitUntil(() => strict.Status[0].DroppedReplies == 1);
            time.Advance(Timeout);
            Assert.Null(await pending);
        }

        await using var lenient = new RadiusClient(
            new RadiusClientOptions { Servers = [Endpoint(server, 1)], RequireMessageAuthenticator = false }, NullLogger.Instance, time);
        Assert.NotNull(await Access(lenient));
    }

    [Fact]
    public async Task AccountingRetransmission_UpdatesAcctDelayTimeWithANewIdentifier()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeRadiusServer(Secret);
        server.SilentFor(2);
        await using var client = Client(time, 3, Endpoint(server, 1));

        var pending = client.AccountAsync(RadiusRequests.Accounting, Ct);
        await server.WaitForAsync(1);
        time.Advance(Timeout);
        await server.WaitForAsync(2);
        time.Advance(Timeout);
        var exchange = await pending;

        Assert.NotNull(exchange);
        var sent = server.Received;
        Assert.Equal([0u, 3u, 6u], sent.Select(RadiusRequests.AcctDelayTime));
        // AUTH.md §7.6: a changed packet is a new packet, with a new Identifier (and authenticator).
        Assert.Equal(3, sent.Select(p => p[1]).Distinct().Count());
        Assert.Equal(sent[2][1], exchange.Response[1]);
        Assert.Equal(sent[2].AsSpan(4, 16).ToArray(), exchange.RequestAuthenticator);
        Assert.Equal(RadiusVerifyError.None, Sstp.Protocol.Radius.RadiusAuthenticator.VerifyRequest(sent[2], Secret, false));
    }

    [Fact]
    public async Task ManyConcurrentRequests_AreAllAnswered()
    {
        await using var server = new FakeRadiusServer(Secret);

        // Retransmissions are allowed (a datagram can be lost on a loaded machine); what matters is that every
        // request gets its own verified answer although 600 exceed the 256 identifiers of one endpoint.
        await using var client = new RadiusClient(
            new RadiusClientOptions { Servers = [Endpoint(server, 1)], Timeout = TimeSpan.FromSeconds(2), MaxTries = 5 },
            NullLogger.Instance,
            TimeProvider.System);

        var results = await Task.WhenAll(Enumerable.Range(0, 600).Select(i =>
            client.AuthenticateAsync((secret, id) => RadiusRequests.Access(secret, id, "user" + i), Ct)));

        Assert.All(results, r => Assert.NotNull(r));
        Assert.Equal(600, client.Status[0].Answers);

        // Each retransmitted request can bring at most one late duplicate answer, which is dropped as stray.
        Assert.InRange(server.Count, 600, 3000);
        Assert.InRange(client.StrayDatagrams, 0, server.Count - 600);
    }

    [Fact]
    public async Task Cancellation_EndsTheRequestAndFreesItsIdentifier()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeRadiusServer(Secret, FakeRadiusMode.Silent);
        await using var client = Client(time, 3, Endpoint(server, 1));
        using var cancel = new CancellationTokenSource();

        var pending = client.AuthenticateAsync((secret, id) => RadiusRequests.Access(secret, id), cancel.Token);
        await server.WaitForAsync(1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.True(client.Status[0].Alive);
        server.Mode = FakeRadiusMode.Answer;
        Assert.NotNull(await Access(client));
    }

    [Fact]
    public async Task StrayAnswer_IsCountedAndIgnored()
    {
        await using var server = new FakeRadiusServer(Secret)
        {
            // Answer with another Identifier: no request is registered under it.
            Reply = (request, secret) =>
            {
                var copy = (byte[])request.Clone();
                copy[1] ^= 0x80;
                return FakeRadiusServer.Sign(RadiusCode.AccessAccept, copy, secret, true);
            },
        };
        var time = new FakeTimeProvider();
        await using var client = Client(time, 1, Endpoint(server, 1));

        var pending = Access(client);
        await server.WaitForAsync(1);
        await WaitUntil(() => client.StrayDatagrams == 1);
        time.Advance(Timeout);

        Assert.Null(await pending);
        Assert.Equal(1, client.Status[0].DroppedReplies);
    }

    [Fact]
    public async Task Options_AreValidated()
    {
        Assert.Throws<ArgumentException>(() => new RadiusClient(new RadiusClientOptions { Servers = [] }, NullLogger.Instance));
        var endpoint = new IPEndPoint(IPAddress.Loopback, 1812);
        Assert.Throws<ArgumentException>(() => new RadiusClient(new RadiusClientOptions { Servers = [new(endpoint, endpoint, [], 0)] }, NullLogger.Instance));
        Assert.Throws<ArgumentException>(() => new RadiusClient(new RadiusClientOptions { Servers = [new(endpoint, endpoint, Secret, 0)], MaxTries = 0 }, NullLogger.Instance));
        await using var client = new RadiusClient(new RadiusClientOptions { Servers = [new(endpoint, endpoint, Secret, 0)] }, NullLogger.Instance);
        await client.DisposeAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Access(client));
    }

    /// <summary>Waits (real time, 10 s at most) for a condition the receive loop makes true.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < limit, "condition not reached");
            await Task.Delay(1, Ct);
        }
    }
}

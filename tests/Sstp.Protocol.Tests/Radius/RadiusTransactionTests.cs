using System.Buffers.Binary;
using CsCheck;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Radius;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Radius;

public class RadiusTransactionTests
{
    private static readonly byte[] Secret = "testing123"u8.ToArray();

    public static TheoryData<RadiusBackoff, double, double, int, double[], double> Schedules => new()
    {
        // backoff, initial s, max s, tries, send times, time-out time
        { RadiusBackoff.Doubling, 3, 30, 4, [0, 3, 9, 21], 45 },
        { RadiusBackoff.Fixed, 2, 2, 3, [0, 2, 4], 6 },
        { RadiusBackoff.Doubling, 2, 5, 4, [0, 2, 6, 11], 16 },
        { RadiusBackoff.Doubling, 1, 30, 1, [0], 1 },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Unanswered_RetransmitsOnSchedule_ThenTimesOut(RadiusBackoff backoff, double initial, double max, int tries, double[] sends, double timeout)
    {
        var settings = new RadiusTransactionSettings
        {
            Backoff = backoff,
            InitialTimeout = TimeSpan.FromSeconds(initial),
            MaxTimeout = TimeSpan.FromSeconds(max),
            MaxTries = tries,
        };
        var request = AccessRequest(out _);
        var transaction = new RadiusTransaction(request, Secret, settings);
        var sent = new List<double>();
        var now = TimeSpan.Zero;
        transaction.Start(now);
        var buffer = new byte[RadiusPacket.MaxLength];
        while (true)
        {
            while (transaction.TryPollTransmit(buffer, out int written))
            {
                Assert.Equal(request, buffer[..written]); // RFC 2865 §2.4 / AUTH.md §7.1: same Identifier and Authenticator
                sent.Add(now.TotalSeconds);
            }

            if (transaction.NextDeadline is not TimeSpan deadline)
            {
                break;
            }

            transaction.HandleTimeout(deadline - TimeSpan.FromTicks(1)); // early: nothing happens
            Assert.Equal(deadline, transaction.NextDeadline);
            now = deadline;
            transaction.HandleTimeout(now);
        }

        Assert.Equal(sends, sent);
        Assert.Equal(timeout, now.TotalSeconds);
        Assert.Equal(RadiusTransactionResult.TimedOut, transaction.Result);
        Assert.Equal(tries, transaction.Attempts);
        Assert.True(transaction.TryPollEvent(out var result));
        Assert.Equal(RadiusTransactionResult.TimedOut, result);
        Assert.False(transaction.TryPollEvent(out _));
    }

    [Fact]
    public void VerifiedAnswer_Answered_StopsTimerAndKeepsBytes()
    {
        var request = AccessRequest(out var ra);
        var transaction = Started(request);
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, request[1], ra, Secret);
        Assert.True(transaction.Receive(reply, TimeSpan.FromSeconds(1)));
        Assert.Equal(RadiusTransactionResult.Answered, transaction.Result);
        Assert.Equal(reply, transaction.Response.ToArray());
        Assert.Null(transaction.NextDeadline);
        Assert.True(transaction.TryPollEvent(out var result));
        Assert.Equal(RadiusTransactionResult.Answered, result);
        Assert.Equal(0, transaction.DroppedCount);
    }

    public static TheoryData<string, RadiusDropReason> Mismatches => new()
    {
        { "wrong-id", RadiusDropReason.WrongIdentifier },
        { "wrong-secret", RadiusDropReason.VerificationFailed },
        { "wrong-authenticator", RadiusDropReason.VerificationFailed },
        { "no-message-authenticator", RadiusDropReason.VerificationFailed },
        { "wrong-code", RadiusDropReason.UnexpectedCode },
        { "garbage", RadiusDropReason.Malformed },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void Mismatch_DroppedSilentlyAndCounted_StillPending(string kind, RadiusDropReason reason)
    {
        var request = AccessRequest(out var ra);
        var transaction = Started(request);
        byte id = request[1];
        byte[] datagram = kind switch
        {
            "wrong-id" => RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, (byte)(id + 1), ra, Secret),
            "wrong-secret" => RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, id, ra, "wrong"u8.ToArray()),
            "wrong-authenticator" => RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, id, new byte[16], Secret),
            "no-message-authenticator" => RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, id, ra, Secret, messageAuthenticator: false),
            "wrong-code" => RadiusReplyBuilder.Reply(RadiusCode.AccountingResponse, id, ra, Secret),
            _ => [1, 2, 3],
        };
        Assert.False(transaction.Receive(datagram, TimeSpan.FromSeconds(1)));
        Assert.Equal(1, transaction.DroppedCount);
        Assert.Equal(reason, transaction.LastDropReason);
        Assert.Equal(RadiusTransactionResult.Pending, transaction.Result);
        Assert.NotNull(transaction.NextDeadline);
        Assert.False(transaction.TryPollEvent(out _));

        // The genuine answer still gets through afterwards.
        Assert.True(transaction.Receive(RadiusReplyBuilder.Reply(RadiusCode.AccessReject, id, ra, Secret), TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void NoMessageAuthenticator_AcceptedWhenNotRequired()
    {
        var request = AccessRequest(out var ra);
        var transaction = new RadiusTransaction(request, Secret, new RadiusTransactionSettings { RequireMessageAuthenticator = false });
        transaction.Start(TimeSpan.Zero);
        Assert.True(transaction.Receive(RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, request[1], ra, Secret, messageAuthenticator: false), TimeSpan.Zero));
    }

    [Fact]
    public void AfterAnswer_FurtherDatagrams_NotPending()
    {
        var request = AccessRequest(out var ra);
        var transaction = Started(request);
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, request[1], ra, Secret);
        Assert.True(transaction.Receive(reply, TimeSpan.Zero));
        Assert.False(transaction.Receive(reply, TimeSpan.Zero));
        Assert.Equal(RadiusDropReason.NotPending, transaction.LastDropReason);
    }

    [Fact]
    public void BeforeStart_NothingSentAndDatagramsDropped()
    {
        var request = AccessRequest(out var ra);
        var transaction = new RadiusTransaction(request, Secret, new RadiusTransactionSettings());
        Assert.False(transaction.TryPollTransmit(new byte[4096], out _));
        Assert.Null(transaction.NextDeadline);
        Assert.False(transaction.Receive(RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, request[1], ra, Secret), TimeSpan.Zero));
        Assert.Equal(RadiusDropReason.NotPending, transaction.LastDropReason);
    }

    [Fact]
    public void Accounting_Retransmit_NewDelayIdentifierAndAuthenticator()
    {
        // AUTH.md §7.6 / RFC 2866 §5.2: Acct-Delay-Time grows; the changed packet needs a new Identifier and
        // Request Authenticator, which must verify.
        var request = AccountingRequest(identifier: 40, delay: 2);
        var transaction = new RadiusTransaction(request, Secret, new RadiusTransactionSettings { Backoff = RadiusBackoff.Fixed, InitialTimeout = TimeSpan.FromSeconds(3), MaxTimeout = TimeSpan.FromSeconds(3) }, new ScriptedRandom([40], [77]));
        transaction.Start(TimeSpan.FromSeconds(100));
        var buffer = new byte[RadiusPacket.MaxLength];
        Assert.True(transaction.TryPollTransmit(buffer, out int first));
        Assert.Equal(request, buffer[..first]);

        transaction.HandleTimeout(TimeSpan.FromSeconds(103));
        Assert.True(transaction.TryPollTransmit(buffer, out int second));
        var resent = buffer[..second];
        Assert.NotEqual(40, resent[1]); // the scripted 40 equals the old id, so it is bumped
        Assert.Equal(resent[1], transaction.Identifier);
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32BigEndian(resent.AsSpan(RadiusReference.FindValue(resent, 41))));
        Assert.Equal(RadiusVerifyError.None, RadiusAuthenticator.VerifyRequest(resent, Secret, false));
        Assert.NotEqual(request[4..20], resent[4..20]);

        transaction.HandleTimeout(TimeSpan.FromSeconds(106));
        Assert.True(transaction.TryPollTransmit(buffer, out int third));
        Assert.Equal(77, buffer[1]);
        Assert.Equal(8u, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(RadiusReference.FindValue(buffer[..third], 41))));

        // An answer to the abandoned first packet no longer matches; the answer to the current one does.
        Assert.False(transaction.Receive(RadiusReplyBuilder.Reply(RadiusCode.AccountingResponse, 40, request.AsSpan(4, 16), Secret, messageAuthenticator: false), TimeSpan.FromSeconds(107)));
        Assert.True(transaction.Receive(RadiusReplyBuilder.Reply(RadiusCode.AccountingResponse, 77, transaction.RequestAuthenticator, Secret, messageAuthenticator: false), TimeSpan.FromSeconds(107)));
    }

    [Fact]
    public void Accounting_RetransmitWithinSameSecond_Unchanged()
    {
        var request = AccountingRequest(identifier: 40, delay: 0);
        var settings = new RadiusTransactionSettings { Backoff = RadiusBackoff.Fixed, InitialTimeout = TimeSpan.FromMilliseconds(400), MaxTimeout = TimeSpan.FromMilliseconds(400) };
        var transaction = new RadiusTransaction(request, Secret, settings, new SeededRandom());
        transaction.Start(TimeSpan.Zero);
        var buffer = new byte[RadiusPacket.MaxLength];
        transaction.TryPollTransmit(buffer, out _);
        transaction.HandleTimeout(TimeSpan.FromMilliseconds(400));
        Assert.True(transaction.TryPollTransmit(buffer, out int written));
        Assert.Equal(request, buffer[..written]);
    }

    [Fact]
    public void RandomDatagrams_NeverThrow_NeverAccepted()
    {
        var request = AccessRequest(out _);
        var transaction = Started(request);
        Gen.Byte.Array[0, 300].Sample(bytes => Assert.False(transaction.Receive(bytes, TimeSpan.Zero)));
        Assert.Equal(RadiusTransactionResult.Pending, transaction.Result);
    }

    [Fact]
    public void Constructor_ReplyOrBadSettings_Throws()
    {
        var reply = RadiusReplyBuilder.Reply(RadiusCode.AccessAccept, 1, new byte[16], Secret);
        Assert.Throws<ArgumentException>(() => new RadiusTransaction(reply, Secret, new RadiusTransactionSettings()));
        Assert.Throws<ArgumentException>(() => new RadiusTransaction(AccessRequest(out _), Secret, new RadiusTransactionSettings { MaxTries = 0 }));
    }

    private static RadiusTransaction Started(byte[] request)
    {
        var transaction = new RadiusTransaction(request, Secret, new RadiusTransactionSettings());
        transaction.Start(TimeSpan.Zero);
        return transaction;
    }

    private static byte[] AccessRequest(out byte[] requestAuthenticator)
    {
        Assert.True(RadiusAuthMapper.TryBuildAccessRequest(new PapRequest("bob", "pw"u8.ToArray()), new RadiusNasAttributes { NasIdentifier = "n" }, Secret, 9, new SeededRandom(11), out var packet));
        requestAuthenticator = packet[4..20];
        return packet;
    }

    private static byte[] AccountingRequest(byte identifier, uint delay)
    {
        var buffer = new byte[200];
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccountingRequest, identifier, new byte[16]);
        writer.AddUInt32(RadiusAttributeType.AcctStatusType, 1);
        writer.AddString(RadiusAttributeType.AcctSessionId, "S1");
        writer.AddUInt32(RadiusAttributeType.AcctDelayTime, delay);
        int length = writer.Finish();
        RadiusAuthenticator.SignRequest(buffer.AsSpan(0, length), Secret);
        return buffer[..length];
    }
}

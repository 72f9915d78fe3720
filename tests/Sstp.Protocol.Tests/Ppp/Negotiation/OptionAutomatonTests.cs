using CsCheck;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Negotiation;
using static Sstp.Protocol.Tests.Ppp.Negotiation.AutomatonHarness;

namespace Sstp.Protocol.Tests.Ppp.Negotiation;

public partial class OptionAutomatonTests
{
    private static readonly TimeSpan Restart = TimeSpan.FromSeconds(3);

    [Fact]
    public void OpenThenUp_SendsRequestAndArmsRestartTimer()
    {
        var h = new AutomatonHarness();
        h.Automaton.Open();
        Assert.Equal(AutomatonState.Starting, h.Automaton.State);
        h.Automaton.Up(TimeSpan.FromSeconds(7));

        var sent = h.Sent();
        Assert.Equal([PppLayerEventKind.LayerStarted], h.Events().Select(e => e.Kind));
        Assert.Equal(AutomatonState.RequestSent, h.Automaton.State);
        Assert.Equal(Packet(ControlCode.ConfigureRequest, 1, h.Policy.RequestOptions), Assert.Single(sent));
        Assert.Equal(TimeSpan.FromSeconds(10), h.Automaton.NextDeadline);
    }

    [Fact]
    public void UpThenOpen_AlsoStartsNegotiation()
    {
        var h = new AutomatonHarness();
        h.Automaton.Up(TimeSpan.Zero);
        Assert.Equal(AutomatonState.Closed, h.Automaton.State);
        h.Automaton.Open();

        Assert.Equal(AutomatonState.RequestSent, h.Automaton.State);
        Assert.Equal(1, Assert.Single(h.Sent())[0]);
    }

    [Fact]
    public void SilentPeer_MaxConfigureRequestsThenStoppedWithTimeoutReason()
    {
        // RFC 1661 §4.6, PPP.md §4.3: Restart 3 s, Max-Configure 10.
        var h = new AutomatonHarness();
        var first = h.Start();
        var all = new List<byte[]> { first };
        var now = TimeSpan.Zero;
        for (int i = 0; i < 9; i++)
        {
            now += Restart;
            Assert.Equal(now, h.Automaton.NextDeadline);
            h.Automaton.HandleTimeout(now);
            all.AddRange(h.Sent());
        }

        Assert.Equal(10, all.Count);
        Assert.All(all, p => Assert.Equal(first, p)); // TO+ retransmission keeps Identifier and options
        Assert.Equal(AutomatonState.RequestSent, h.Automaton.State);

        now += Restart;
        h.Automaton.HandleTimeout(now);
        Assert.Empty(h.Sent());
        Assert.Equal(AutomatonState.Stopped, h.Automaton.State);
        Assert.Null(h.Automaton.NextDeadline);
        var finished = Assert.Single(h.Events());
        Assert.Equal(new PppLayerEvent(PppLayerEventKind.LayerFinished, PppCloseReason.NegotiationTimeout), finished);
    }

    [Fact]
    public void HandleTimeout_BeforeDeadline_DoesNothing()
    {
        var h = new AutomatonHarness();
        h.Start();
        h.Automaton.HandleTimeout(Restart - TimeSpan.FromMilliseconds(1));
        Assert.Empty(h.Sent());
        Assert.Equal(Restart, h.Automaton.NextDeadline);
    }

    [Fact]
    public void Ack_WithWrongIdentifier_IsDiscarded()
    {
        var h = new AutomatonHarness();
        var request = h.Start();
        h.Automaton.Receive(Packet(ControlCode.ConfigureAck, (byte)(request[1] + 1), h.Policy.RequestOptions), TimeSpan.Zero);
        Assert.Equal(AutomatonState.RequestSent, h.Automaton.State);
    }

    [Fact]
    public void Ack_WithDifferentOptions_IsDiscarded()
    {
        // RFC 1661 §5.2: the Ack's options must be exactly those of the request.
        var h = new AutomatonHarness();
        var request = h.Start();
        h.Automaton.Receive(Packet(ControlCode.ConfigureAck, request[1], 0x03, 0x06, 10, 0, 0, 9), TimeSpan.Zero);
        Assert.Equal(AutomatonState.RequestSent, h.Automaton.State);
    }

    [Fact]
    public void Ack_Matching_MovesToAckReceived_AndDuplicateIsDiscarded()
    {
        var h = new AutomatonHarness();
        var request = h.Start();
        var ack = Packet(ControlCode.ConfigureAck, request[1], h.Policy.RequestOptions);
        h.Automaton.Receive(ack, TimeSpan.Zero);
        Assert.Equal(AutomatonState.AckReceived, h.Automaton.State);

        h.Automaton.Receive(ack, TimeSpan.Zero); // would be RCA in Ack-Rcvd (scr/6x) if not discarded
        Assert.Equal(AutomatonState.AckReceived, h.Automaton.State);
        Assert.Empty(h.Sent());
    }

    [Fact]
    public void DuplicateAck_InOpened_DoesNotRenegotiate()
    {
        var h = new AutomatonHarness();
        h.OpenFully();
        h.Automaton.Receive(Packet(ControlCode.ConfigureAck, 1, h.Policy.RequestOptions), TimeSpan.Zero);
        Assert.Equal(AutomatonState.Opened, h.Automaton.State);
        Assert.Empty(h.Sent());
        Assert.Empty(h.Events());
    }

    [Fact]
    public void Nak_WithWrongIdentifier_IsDiscarded()
    {
        var h = new AutomatonHarness();
        var request = h.Start();
        h.Automaton.Receive(Packet(ControlCode.ConfigureNak, (byte)(request[1] + 5), 0x03, 0x06, 1, 1, 1, 1), TimeSpan.Zero);
        Assert.Equal(0, h.Policy.NaksApplied);
        Assert.Empty(h.Sent());
    }

    [Fact]
    public void Nak_Matching_AppliesAndSendsRequestWithNewIdentifier()
    {
        var h = new AutomatonHarness();
        var request = h.Start();
        h.Automaton.Receive(Packet(ControlCode.ConfigureNak, request[1], 0x03, 0x06, 1, 1, 1, 1), TimeSpan.FromSeconds(1));

        Assert.Equal(1, h.Policy.NaksApplied);
        var next = Assert.Single(h.Sent());
        Assert.Equal(1, next[0]);
        Assert.NotEqual(request[1], next[1]);
        Assert.Equal(TimeSpan.FromSeconds(4), h.Automaton.NextDeadline);
    }

    [Fact]
    public void Reject_OfOptionWeDidNotSend_IsDiscarded()
    {
        // RFC 1661 §5.4: a Configure-Reject must copy options of our request.
        var h = new AutomatonHarness();
        var request = h.Start();
        h.Automaton.Receive(Packet(ControlCode.ConfigureReject, request[1], 0x03, 0x06, 10, 0, 0, 7), TimeSpan.Zero);
        Assert.Equal(0, h.Policy.RejectsApplied);

        h.Automaton.Receive(Packet(ControlCode.ConfigureReject, request[1], h.Policy.RequestOptions), TimeSpan.Zero);
        Assert.Equal(1, h.Policy.RejectsApplied);
    }

    [Fact]
    public void Nak_PolicyFails_ClosesWithPolicyReason()
    {
        var h = new AutomatonHarness();
        h.Policy.FailOnNak = true;
        var request = h.Start();
        h.Automaton.Receive(Packet(ControlCode.ConfigureNak, request[1], 0x03, 0x06, 1, 1, 1, 1), TimeSpan.Zero);

        Assert.Equal(AutomatonState.Closing, h.Automaton.State);
        Assert.Equal(5, Assert.Single(h.Sent())[0]);
        Assert.Equal(PppCloseReason.NoCommonAuthentication, h.Automaton.CloseReason);
    }

    [Fact]
    public void MaxFailure_AfterFiveNaks_RejectsTheSameOptions()
    {
        // RFC 1661 §4.6 Max-Failure 5 (PPP.md §4.3): the 6th answer is a Configure-Reject.
        var h = new AutomatonHarness();
        h.Start();
        var codes = new List<byte>();
        byte[] last = [];
        for (int i = 0; i < 7; i++)
        {
            h.Automaton.Receive(Packet(ControlCode.ConfigureRequest, (byte)(0x60 + i), TestProtocol.NakedType, 3, 9), TimeSpan.Zero);
            last = Assert.Single(h.Sent());
            codes.Add(last[0]);
        }

        Assert.Equal([3, 3, 3, 3, 3, 4, 4], codes);
        Assert.Equal(Packet(ControlCode.ConfigureReject, 0x66, TestProtocol.NakedType, 3, 9), last);
    }

    [Fact]
    public void MaxFailure_CountResetsWhenWeAck()
    {
        var h = new AutomatonHarness();
        h.Start();
        for (int i = 0; i < 4; i++)
        {
            h.Automaton.Receive(Packet(ControlCode.ConfigureRequest, (byte)i, TestProtocol.NakedType, 3, 9), TimeSpan.Zero);
        }

        h.Automaton.Receive(Packet(ControlCode.ConfigureRequest, 9, 0x03, 0x06, 1, 2, 3, 4), TimeSpan.Zero);
        h.Sent();
        h.Automaton.Receive(Packet(ControlCode.ConfigureRequest, 10, TestProtocol.NakedType, 3, 9), TimeSpan.Zero);
        Assert.Equal(3, Assert.Single(h.Sent())[0]);
    }

    [Fact]
    public void Nak_ReplyCopiesIdentifierAndSuggestion()
    {
        var h = new AutomatonHarness();
        h.Start();
        h.Automaton.Receive(Packet(ControlCode.ConfigureRequest, 0x77, 0x03, 0x06, 1, 2, 3, 4, TestProtocol.NakedType, 3, 9), TimeSpan.Zero);
        Assert.Equal(Packet(ControlCode.ConfigureNak, 0x77, TestProtocol.NakedType, 3, 1), Assert.Single(h.Sent()));
    }

    [Fact]
    public void Reject_TakesPriorityOverNak()
    {
        var h = new AutomatonHarness();
        h.Start();
        h.Automaton.Receive(Packet(ControlCode.ConfigureRequest, 0x78, TestProtocol.NakedType, 3, 9, TestProtocol.RejectedType, 2), TimeSpan.Zero);
        Assert.Equal(Packet(ControlCode.ConfigureReject, 0x78, TestProtocol.RejectedType, 2), Assert.Single(h.Sent()));
    }

    [Fact]
    public void MalformedRequest_IsSilentlyDiscarded()
    {
        var h = new AutomatonHarness();
        h.Start();
        h.Automaton.Receive(Hex("01 05 00 08 03 09 00 00"), TimeSpan.Zero); // option length overruns
        h.Automaton.Receive(Hex("01 05 00 06 03 01"), TimeSpan.Zero); // option length < 2
        h.Automaton.Receive(Hex("01 05 00 09 03 06 00"), TimeSpan.Zero); // Length beyond input
        Assert.Empty(h.Sent());
        Assert.Equal(AutomatonState.RequestSent, h.Automaton.State);
    }

    [Fact]
    public void Close_FromOpened_TerminateExchangeThenClosedAndFinished()
    {
        var h = new AutomatonHarness();
        h.OpenFully();
        h.Automaton.Close();
        var terminate = Assert.Single(h.Sent());
        Assert.Equal(5, terminate[0]);
        Assert.Equal([PppLayerEventKind.LayerDown], h.Events().Select(e => e.Kind));

        h.Automaton.Receive(Packet(ControlCode.TerminateAck, terminate[1]), TimeSpan.Zero);
        Assert.Equal(AutomatonState.Closed, h.Automaton.State);
        Assert.Equal(new PppLayerEvent(PppLayerEventKind.LayerFinished, PppCloseReason.LocalClose), Assert.Single(h.Events()));
        Assert.Null(h.Automaton.NextDeadline);
    }

    [Fact]
    public void Close_PeerSilent_MaxTerminateRequestsThenClosed()
    {
        var h = new AutomatonHarness();
        h.OpenFully();
        h.Automaton.Close();
        var first = Assert.Single(h.Sent());
        h.Automaton.HandleTimeout(Restart);
        Assert.Equal(first, Assert.Single(h.Sent())); // Max-Terminate 2, same Identifier
        h.Automaton.HandleTimeout(Restart * 2);
        Assert.Empty(h.Sent());
        Assert.Equal(AutomatonState.Closed, h.Automaton.State);
    }

    [Fact]
    public void TerminateRequest_InOpened_AcksWaitsOneRestartThenStopped()
    {
        // RFC 1661 §4.1 RTR in Opened: tld, zrc, sta → Stopping; the zeroed counter gives TO− one period later.
        var h = new AutomatonHarness();
        h.OpenFully();
        h.Automaton.Receive(Packet(ControlCode.TerminateRequest, 0x42), TimeSpan.FromSeconds(1));
        Assert.Equal(Packet(ControlCode.TerminateAck, 0x42), Assert.Single(h.Sent()));
        Assert.Equal(AutomatonState.Stopping, h.Automaton.State);
        Assert.Equal(TimeSpan.FromSeconds(4), h.Automaton.NextDeadline);

        h.Automaton.HandleTimeout(TimeSpan.FromSeconds(4));
        Assert.Equal(AutomatonState.Stopped, h.Automaton.State);
        var events = h.Events();
        Assert.Equal([PppLayerEventKind.LayerDown, PppLayerEventKind.LayerFinished], events.Select(e => e.Kind));
        Assert.Equal(PppCloseReason.PeerTerminated, events[1].Reason);
    }

    [Fact]
    public void TerminateRequest_DuringNegotiation_AckedWithoutCloseReason()
    {
        var h = new AutomatonHarness();
        h.Start();
        h.Automaton.Receive(Packet(ControlCode.TerminateRequest, 0x43), TimeSpan.Zero);
        Assert.Equal(Packet(ControlCode.TerminateAck, 0x43), Assert.Single(h.Sent()));
        Assert.Equal(AutomatonState.RequestSent, h.Automaton.State);
        Assert.Equal(PppCloseReason.None, h.Automaton.CloseReason);
    }

    [Fact]
    public void Down_InOpened_LayerDownWithReasonAndStarting()
    {
        var h = new AutomatonHarness();
        h.OpenFully();
        h.Automaton.Down();
        Assert.Equal(AutomatonState.Starting, h.Automaton.State);
        Assert.Equal(new PppLayerEvent(PppLayerEventKind.LayerDown, PppCloseReason.LowerLayerDown), Assert.Single(h.Events()));
    }

    [Fact]
    public void RequestInOpened_Renegotiates_WithFreshOptionsAndNewIdentifier()
    {
        var h = new AutomatonHarness();
        h.OpenFully();
        int startsBefore = h.Policy.Starts;
        h.Automaton.Receive(Packet(ControlCode.ConfigureRequest, 0x41, 0x03, 0x06, 10, 0, 0, 2), TimeSpan.Zero);

        var sent = h.Sent();
        Assert.Equal([1, 2], sent.Select(p => p[0]));
        Assert.Equal(startsBefore + 1, h.Policy.Starts);
        Assert.Equal(AutomatonState.AckSent, h.Automaton.State);
    }

    [Fact]
    public void UnknownCode_CodeRejectTruncatedTo1500()
    {
        var h = new AutomatonHarness();
        h.OpenFully();
        var big = new byte[2000];
        PppPacket.WriteHeader(big, 0x30, 0x11, 1996);
        h.Automaton.Receive(big, TimeSpan.Zero);

        var reject = Assert.Single(h.Sent());
        Assert.Equal(7, reject[0]);
        Assert.Equal(1500, reject.Length);
        Assert.Equal(big.AsSpan(0, 1496).ToArray(), reject[4..]);
        Assert.Equal(AutomatonState.Opened, h.Automaton.State);
    }

    [Fact]
    public void IgnoredCode_NoAnswerNoEvent()
    {
        var h = new AutomatonHarness();
        h.OpenFully();
        h.Automaton.Receive(Packet((ControlCode)12, 3, 0, 0, 0, 0, 0x41), TimeSpan.Zero);
        Assert.Empty(h.Sent());
        Assert.Empty(h.Events());
    }

    [Fact]
    public void CodeReject_OfConfigureRequest_IsCatastrophic()
    {
        var h = new AutomatonHarness();
        h.OpenFully();
        h.Automaton.Receive(Packet(ControlCode.CodeReject, 3, 1, 1, 0, 4), TimeSpan.Zero);
        Assert.Equal(AutomatonState.Stopping, h.Automaton.State);
        Assert.Equal(PppCloseReason.CatastrophicReject, h.Automaton.CloseReason);
    }

    [Fact]
    public void PacketsBeforeUp_AreDropped()
    {
        var h = new AutomatonHarness();
        h.Automaton.Open();
        h.Automaton.Receive(Packet(ControlCode.ConfigureRequest, 1, 0x03, 0x06, 1, 2, 3, 4), TimeSpan.Zero);
        Assert.Empty(h.Sent());
        Assert.Equal(AutomatonState.Starting, h.Automaton.State);
    }

    [Fact]
    public void TryPollTransmit_DestinationTooSmall_ThrowsAndKeepsPacket()
    {
        var h = new AutomatonHarness();
        h.Start();
        h.Automaton.Close();
        Assert.Throws<ArgumentException>(() => h.Automaton.TryPollTransmit(new byte[2], out _));
        Assert.Single(h.Sent());
    }

    [Fact]
    public void RandomPackets_InAnyState_NeverThrow()
    {
        Gen.Select(Gen.Int[0, 9], Gen.Byte.Array[0, 600], (s, b) => (s, b)).Sample((s, b) =>
        {
            var h = new AutomatonHarness();
            h.Automaton.ForceState((AutomatonState)s);
            h.Automaton.Receive(b, TimeSpan.Zero);
            h.Sent();
        });
    }

    private static byte[] Hex(string text) => global::Sstp.TestKit.Hex.Parse(text);
}

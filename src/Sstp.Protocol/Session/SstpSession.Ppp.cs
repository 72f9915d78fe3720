using System.Buffers;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Ppp.Ipcp;
using Sstp.Protocol.Ppp.Ipv6cp;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.Protocol.Sstp;

namespace Sstp.Protocol.Session;

/// <summary>The PPP side of a session: demultiplexing, phase changes and the ordered output queue.</summary>
public abstract partial class SstpSession
{
    private bool _shuttingDown;
    private bool _networkStarted;
    private bool _authenticated;
    private bool _linkDown;
    private byte[]? _earlyIpcp;
    private byte[]? _earlyIpv6cp;

    /// <summary>Creates the authentication machine for what LCP agreed on, or null when there is none.</summary>
    private protected abstract AuthMachine? CreateAuthMachine(AuthProtocolOption? agreed);

    /// <summary>PPP authentication succeeded (or was not asked for, client only): continue to the network phase.</summary>
    private protected abstract void OnAuthenticated(AuthOutcome outcome, TimeSpan now);

    /// <summary>An authentication event the role handles itself (server: credentials for the host).</summary>
    private protected virtual void OnCredentialsReceived(AuthRequest request) =>
        Raise(new SessionEvent.AuthenticationRequested(request));

    /// <summary>Whether the network phase has begun.</summary>
    private protected bool NetworkStarted => _networkStarted;

    /// <summary>Opens the NCPs this session runs (RFC 1661 §3.5: the Network-Layer Protocol phase).</summary>
    private protected void StartNetwork(IpcpSettings? ipcp, Ipv6cpSettings? ipv6cp, TimeSpan now)
    {
        if (_networkStarted || _closedRaised || _shuttingDown || _linkDown)
        {
            return;
        }

        _networkStarted = true;
        if (ipcp is not null)
        {
            Ipcp = new IpcpLayer(ipcp, Role);
            Ipcp.Open();
            Ipcp.Up(now);
        }

        if (ipv6cp is not null)
        {
            Ipv6cp = new Ipv6cpLayer(ipv6cp, Role, Random);
            Ipv6cp.Open();
            Ipv6cp.Up(now);
        }

        // Requests that arrived while the host was still choosing addresses are answered now instead of after
        // the peer's restart timer (Windows sends IPCP right after authentication).
        ReplayEarly(PppProtocol.Ipcp, ref _earlyIpcp, now);
        ReplayEarly(PppProtocol.Ipv6cp, ref _earlyIpv6cp, now);
        Pump(now);
    }

    private void ReplayEarly(PppProtocol protocol, ref byte[]? early, TimeSpan now)
    {
        if (early is { } packet)
        {
            early = null;
            ReceiveNcpFrame(protocol, packet, now);
        }
    }

    /// <summary>Records <paramref name="reason"/> and tears down in spec order (LCP Terminate, then SSTP Call Disconnect).</summary>
    private protected void Shutdown(DisconnectReason reason, string detail, TimeSpan now)
    {
        if (_closedRaised)
        {
            return;
        }

        Fail(reason, detail);
        if (!_sstpStarted)
        {
            RaiseClosed();
            return;
        }

        if (!_shuttingDown)
        {
            _shuttingDown = true;
            Lcp.Close();
            if (Lcp.State is not (AutomatonState.Closing or AutomatonState.Stopping))
            {
                // LCP was not negotiating, so there is nothing to terminate: go straight to SSTP.
                Sstp.Disconnect(now);
            }
        }

        Pump(now);
    }

    /// <summary>Handles one PPP frame from an SSTP data packet. IP frames are returned as slices, never copied.</summary>
    private ReceiveResult ReceiveFrame(ReadOnlySpan<byte> frame, int consumed, TimeSpan now)
    {
        if (PppFrame.TryRead(frame, out ushort number, out var information) != OperationStatus.Done)
        {
            Counters.MalformedFrames++;
            return new ReceiveResult(ReceiveStatus.Handled, consumed);
        }

        var protocol = (PppProtocol)number;
        if (!protocol.IsControl())
        {
            var state = _dataPath;
            if (information.IsEmpty && protocol is PppProtocol.IPv4 or PppProtocol.IPv6)
            {
                // An IP frame without a packet (found by fuzzing): handing the host a 0-byte packet would make
                // it write an empty packet to its TUN device.
                Counters.MalformedFrames++;
                return new ReceiveResult(ReceiveStatus.Handled, consumed);
            }

            if ((protocol == PppProtocol.IPv4 && state.Ipv4) || (protocol == PppProtocol.IPv6 && state.Ipv6))
            {
                // The information field runs to the end of the packet, so its offset follows from the lengths.
                return new ReceiveResult(ReceiveStatus.Packet, consumed, consumed - information.Length, information.Length, protocol);
            }

            // IP before Call Connected or before its NCP opened is dropped [MS-SSTP §3.3.7.2].
            Counters.DroppedInboundData++;
            return new ReceiveResult(ReceiveStatus.Handled, consumed);
        }

        if (!Sstp.AllowsPppControl)
        {
            Counters.DroppedInboundControl++;
            return new ReceiveResult(ReceiveStatus.Handled, consumed);
        }

        ReceiveControlFrame(protocol, information, now);
        return new ReceiveResult(ReceiveStatus.Handled, consumed);
    }

    private void ReceiveControlFrame(PppProtocol protocol, ReadOnlySpan<byte> information, TimeSpan now)
    {
        switch (protocol)
        {
            case PppProtocol.Lcp:
                Lcp.Receive(information, now);
                return;
            case PppProtocol.Pap or PppProtocol.Chap or PppProtocol.Eap:
                if (Auth is not null && Auth.Protocol == protocol && !_linkDown)
                {
                    Auth.Receive(information, now);
                }
                else
                {
                    Counters.DroppedInboundControl++;
                }

                return;
            case PppProtocol.Ipcp or PppProtocol.Ipv6cp:
                ReceiveNcpFrame(protocol, information, now);
                return;
            default:
                // CCP and anything we do not run: Protocol-Reject once LCP is open (PPP.md §9).
                RejectProtocol(protocol, information);
                return;
        }
    }

    private void ReceiveNcpFrame(PppProtocol protocol, ReadOnlySpan<byte> information, TimeSpan now)
    {
        if (!_networkStarted && Auth is { IsFinished: false } && Role == PppRole.Client)
        {
            // An authenticator that sends no EAP-Success goes straight to the NCPs (pppd 2.4.9, INTEROP.md §3);
            // RFC 3748 lets the peer take that as success.
            Auth.NotifyNetworkPhaseStarted();
            Pump(now);
        }

        if (!_networkStarted)
        {
            if (_authenticated && !_linkDown)
            {
                // Authenticated, waiting for the host's addresses: keep the latest request of each NCP (one each,
                // bounded) and answer it as soon as the network phase starts.
                if (protocol == PppProtocol.Ipcp)
                {
                    _earlyIpcp = information.ToArray();
                }
                else
                {
                    _earlyIpv6cp = information.ToArray();
                }

                return;
            }

            // NCP packets before the network phase are silently discarded (RFC 1661 §3.5); the peer retransmits.
            Counters.DroppedInboundControl++;
            return;
        }

        ControlProtocolLayer? layer = protocol == PppProtocol.Ipcp ? Ipcp : Ipv6cp;
        if (layer is null)
        {
            RejectProtocol(protocol, information);
            return;
        }

        layer.Receive(information, now);
    }

    private void RejectProtocol(PppProtocol protocol, ReadOnlySpan<byte> information)
    {
        if (Lcp.IsOpened)
        {
            Counters.ProtocolRejectsSent++;
            Lcp.SendProtocolReject((ushort)protocol, information);
        }
        else
        {
            Counters.DroppedInboundControl++;
        }
    }

    /// <summary>
    /// Moves every machine's output to the ordered queue and handles every event, until nothing changes.
    /// Output is collected before the events of the same step are handled, so a packet is always queued before
    /// anything its event causes (an LCP Configure-Ack before the CHAP Challenge; a CHAP Failure before the LCP
    /// Terminate-Request).
    /// </summary>
    private protected void Pump(TimeSpan now)
    {
        bool progress = true;
        while (progress && !_closedRaised)
        {
            CollectOutput();
            progress = false;
            while (!_closedRaised && Sstp.TryPollEvent(out var sstpEvent))
            {
                progress = true;
                OnSstpEvent(sstpEvent, now);
                CollectOutput();
            }

            while (!_closedRaised && Lcp.TryPollEvent(out var lcpEvent))
            {
                progress = true;
                OnLcpEvent(lcpEvent, now);
                CollectOutput();
            }

            while (!_closedRaised && Auth is not null && Auth.TryPollEvent(out var authEvent))
            {
                progress = true;
                OnAuthEvent(authEvent, now);
                CollectOutput();
            }

            progress |= DrainNcpEvents(Ipcp, now) | DrainNcpEvents(Ipv6cp, now);
        }

        UpdateDataPath();
    }

    private bool DrainNcpEvents(ControlProtocolLayer? layer, TimeSpan now)
    {
        bool any = false;
        while (!_closedRaised && layer is not null && layer.TryPollEvent(out var e))
        {
            any = true;
            if (e.Kind == PppLayerEventKind.LayerFinished && !_shuttingDown)
            {
                CheckNetworkViable(now);
            }

            CollectOutput();
        }

        return any;
    }

    private void CheckNetworkViable(TimeSpan now)
    {
        bool ipv4Dead = Ipcp is null || Ipcp.State is AutomatonState.Stopped or AutomatonState.Closed or AutomatonState.Initial;
        bool ipv6Dead = Ipv6cp is null || Ipv6cp.State is AutomatonState.Stopped or AutomatonState.Closed or AutomatonState.Initial;
        if (ipv4Dead && ipv6Dead && !_dataPath.IsOpen)
        {
            Shutdown(DisconnectReason.NcpNegotiationFailed, "neither IPCP nor IPv6CP could be opened", now);
        }
    }

    private void CollectOutput()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(SstpPacket.MaxPacketLength);
        try
        {
            var span = buffer.AsSpan(0, SstpPacket.MaxPacketLength);
            while (Sstp.TryPollTransmit(span, out int written))
            {
                _out.Enqueue(span[..written].ToArray());
            }

            CollectLayer(Lcp, span);
            CollectAuth(span);
            CollectLayer(Ipcp, span);
            CollectLayer(Ipv6cp, span);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void CollectLayer(ControlProtocolLayer? layer, Span<byte> span)
    {
        if (layer is null)
        {
            return;
        }

        while (layer.TryPollTransmit(span[DataPath.Headroom..], out int written))
        {
            EnqueueFrame(layer.Protocol, span, written);
        }
    }

    private void CollectAuth(Span<byte> span)
    {
        if (Auth is null)
        {
            return;
        }

        if (_linkDown)
        {
            // Drain what the stopped machine still had queued.
            while (Auth.TryPollTransmit(span[DataPath.Headroom..], out _))
            {
                Counters.DroppedOutboundControl++;
            }

            return;
        }

        while (Auth.TryPollTransmit(span[DataPath.Headroom..], out int written))
        {
            EnqueueFrame(Auth.Protocol, span, written);
        }
    }

    /// <summary>Wraps the PPP packet at <c>span[8..]</c> into a PPP frame and an SSTP data packet, and queues it.</summary>
    private void EnqueueFrame(PppProtocol protocol, Span<byte> span, int packetLength)
    {
        // PPP frames pass only while SSTP allows control traffic; otherwise they are dropped (SSTP.md §5.2).
        if (!Sstp.AllowsPppControl)
        {
            Counters.DroppedOutboundControl++;
            return;
        }

        PppFrame.WriteHeader(span[SstpPacket.HeaderLength..], protocol);
        int frameLength = PppFrame.HeaderLength + packetLength;
        SstpPacket.WriteDataHeader(span, frameLength);
        _out.Enqueue(span[..(SstpPacket.HeaderLength + frameLength)].ToArray());
    }

    private void OnSstpEvent(SstpEvent e, TimeSpan now)
    {
        switch (e)
        {
            case SstpEvent.PppLowerLayerUp:
                Lcp.Open();
                Lcp.Up(now);
                break;
            case SstpEvent.CallConnected:
                break;
            case SstpEvent.Closed closed:
                Fail(MapSstpClose(closed.Reason), DescribeSstpClose(closed));
                RaiseClosed();
                break;
        }
    }

    private void OnLcpEvent(PppLayerEvent e, TimeSpan now)
    {
        switch (e.Kind)
        {
            case PppLayerEventKind.LayerUp:
                BeginAuthentication(now);
                break;
            case PppLayerEventKind.LayerDown:
                // Only LCP may pass once LCP leaves Opened (RFC 1661 §3.4): authentication stops, no NCP starts.
                _linkDown = true;
                Ipcp?.Down();
                Ipv6cp?.Down();
                if (e.Reason == PppCloseReason.PeerTerminated)
                {
                    Fail(DisconnectReason.PeerTerminatedPpp, "the peer ended PPP (LCP Terminate-Request)");
                }
                else if (!_shuttingDown && e.Reason != PppCloseReason.LowerLayerDown)
                {
                    // We do not renegotiate a link whose crypto binding is already done.
                    Shutdown(DisconnectReason.LcpNegotiationFailed, $"LCP left Opened ({e.Reason})", now);
                }

                break;
            case PppLayerEventKind.LayerFinished:
                Fail(MapLcpFinished(e.Reason), $"LCP finished: {e.Reason}");
                _shuttingDown = true;
                Sstp.Disconnect(now);
                break;
            case PppLayerEventKind.EchoTimeout:
                Shutdown(DisconnectReason.LcpEchoTimeout, "LCP echo requests went unanswered", now);
                break;
            case PppLayerEventKind.ProtocolRejected:
                OnProtocolRejected((PppProtocol)e.RejectedProtocol, now);
                break;
        }
    }

    private void OnProtocolRejected(PppProtocol protocol, TimeSpan now)
    {
        // The peer does not run this NCP (RXJ+): stop it and carry on with the other one (PPP.md §9).
        Counters.ProtocolRejectsReceived++;
        if (Auth is not null && Auth.Protocol == protocol && !_authenticated)
        {
            // The peer refuses the authentication protocol it agreed to in LCP (SoftEther does this to EAP).
            Shutdown(DisconnectReason.AuthenticationFailed, $"the peer Protocol-Rejected {protocol}", now);
            return;
        }

        ControlProtocolLayer? layer = protocol == PppProtocol.Ipcp ? Ipcp : protocol == PppProtocol.Ipv6cp ? Ipv6cp : null;
        if (layer is null)
        {
            return;
        }

        // Down first, so the layer stops without sending a Terminate-Request the peer would reject again.
        layer.Down();
        layer.Close();
        CheckNetworkViable(now);
    }

    private void BeginAuthentication(TimeSpan now)
    {
        if (Auth is not null || _authenticated)
        {
            return;
        }

        Auth = CreateAuthMachine(Lcp.AuthProtocol);
        if (Auth is null)
        {
            if (Role == PppRole.Server)
            {
                Shutdown(DisconnectReason.LcpNegotiationFailed, "LCP opened without an authentication protocol", now);
                return;
            }

            // The server asked for no authentication: the HLAK is all zeros (SSTP.md §8.3).
            Authenticated(new AuthOutcome(string.Empty, AuthMethod.Pap, new byte[Hlak.Length]), now, hasMethod: false);
            return;
        }

        Auth.Start(now);
    }

    private void OnAuthEvent(AuthEvent e, TimeSpan now)
    {
        switch (e)
        {
            case AuthEvent.CredentialsReceived received:
                OnCredentialsReceived(received.Request);
                break;
            case AuthEvent.Succeeded succeeded:
                Authenticated(succeeded.Outcome, now, hasMethod: true);
                break;
            case AuthEvent.Failed failed:
                Shutdown(MapAuthFailure(failed.Reason), DescribeAuthFailure(failed), now);
                break;
        }
    }

    private void Authenticated(AuthOutcome outcome, TimeSpan now, bool hasMethod)
    {
        if (_authenticated)
        {
            return;
        }

        _authenticated = true;
        AuthenticatedUser = outcome.UserName;
        AuthenticatedMethod = hasMethod ? outcome.Method : null;

        // "PPP authentication completed" hands the HLAK to SSTP [MS-SSTP §3.2.7.1, §3.3.7.1].
        Sstp.CompleteAuthentication(outcome.Hlak, now);
        if (Sstp.AllowsPppControl && !_linkDown)
        {
            // Not when the crypto binding that the HLAK just let SSTP verify failed (the call is being aborted).
            OnAuthenticated(outcome, now);
        }
    }

    /// <summary>The user PPP authenticated, once it has.</summary>
    public string? AuthenticatedUser { get; private set; }

    /// <summary>The method PPP authenticated with, or null (not yet, or none was asked for).</summary>
    public AuthMethod? AuthenticatedMethod { get; private set; }
}

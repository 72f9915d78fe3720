using System.Buffers;
using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Ppp.Ipcp;
using Sstp.Protocol.Ppp.Ipv6cp;
using Sstp.Protocol.Ppp.Lcp;
using Sstp.Protocol.Ppp.Negotiation;
using Sstp.Protocol.Primitives;
using Sstp.Protocol.Sstp;

namespace Sstp.Protocol.Session;

/// <summary>
/// One SSTP connection from the HTTP request to the end, for either role: HTTP → SSTP → PPP (LCP →
/// authentication → IPCP/IPv6CP) → IP data.
/// </summary>
/// <remarks>
/// Theory of operation. The host feeds decrypted TLS bytes to <see cref="Receive"/>, which consumes at most one
/// HTTP header block or one SSTP packet per call and returns IP packets as slices of the input. After every call
/// (and after <see cref="HandleTimeout"/> or a host answer) the host drains <see cref="TryPollTransmit"/> into TLS
/// and <see cref="TryPollEvent"/> into its policy code, and re-arms its timer from <see cref="NextDeadline"/>.
/// Inside, the SSTP state machine gates PPP: control frames pass once SSTP started PPP ("lower layer up"),
/// IP frames only once the call is connected and the NCP of that family is opened (SSTP.md §1, §5.2, §5.3).
/// PPP runs its phases here (RFC 1661 §3.2): LCP opened → the authentication protocol LCP agreed on →
/// the HLAK goes to SSTP (client: Call Connected; server: the deferred crypto binding check) → the NCPs.
/// Any failure records a <see cref="DisconnectReason"/> first and then tears down in spec order: LCP
/// Terminate, then SSTP Call Disconnect (or Abort), then <see cref="SessionEvent.Closed"/>.
/// Not thread-safe: one driver loop owns the session (ARCHITECTURE.md C7); only <see cref="CurrentDataPath"/> may be
/// read from other threads.
/// </remarks>
public abstract partial class SstpSession
{
    private readonly Queue<SessionEvent> _events = new();
    private readonly Queue<byte[]> _out = new();
    private DisconnectReason _reason;
    private string _detail = string.Empty;
    private bool _closedRaised;
    private bool _sstpStarted;
    private bool _tunnelUp;
    private DataPathState _dataPath = DataPathState.Closed;

    /// <summary>Creates the session around the SSTP machine of its role.</summary>
    private protected SstpSession(SstpStateMachine sstp, LcpSettings lcpSettings, PppRole role, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(sstp);
        ArgumentNullException.ThrowIfNull(lcpSettings);
        ArgumentNullException.ThrowIfNull(random);
        Sstp = sstp;
        Random = random;
        Role = role;
        Lcp = new LcpLayer(lcpSettings, role, random);
    }

    /// <summary>Which end of the tunnel this session is.</summary>
    public PppRole Role { get; }

    /// <summary>The SSTP state machine (for status displays and tests).</summary>
    public SstpStateMachine Sstp { get; }

    /// <summary>The LCP layer.</summary>
    public LcpLayer Lcp { get; private set; }

    /// <summary>The authentication machine, once LCP agreed on a protocol.</summary>
    public AuthMachine? Auth { get; private set; }

    /// <summary>IPCP, once the network phase began.</summary>
    public IpcpLayer? Ipcp { get; private set; }

    /// <summary>IPv6CP, once the network phase began and when IPv6 is enabled.</summary>
    public Ipv6cpLayer? Ipv6cp { get; private set; }

    /// <summary>What the data path may carry; safe to read from any thread (published by replacement).</summary>
    public DataPathState CurrentDataPath => Volatile.Read(ref _dataPath);

    /// <summary>True once <see cref="SessionEvent.Closed"/> has been queued.</summary>
    public bool IsClosed => _closedRaised;

    /// <summary>Why the session ended (or is ending), <see cref="DisconnectReason.None"/> while it runs.</summary>
    public DisconnectReason Reason => _reason;

    /// <summary>Counters of this session (frames dropped by the gates, and so on).</summary>
    public SessionCounters Counters { get; } = new();

    /// <summary>The randomness source shared by every machine of the session.</summary>
    private protected IRandomSource Random { get; }

    /// <summary>True while the HTTP phase runs (before SSTP starts).</summary>
    private protected bool InHandshake => !_sstpStarted && !_closedRaised;

    /// <summary>The earliest time <see cref="HandleTimeout"/> must be called, or null when nothing is pending.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            if (_closedRaised)
            {
                return null;
            }

            var deadline = Min(InHandshake ? HandshakeDeadline : null, Sstp.NextDeadline);
            deadline = Min(deadline, Lcp.NextDeadline);
            deadline = Min(deadline, _linkDown ? null : Auth?.NextDeadline);
            deadline = Min(deadline, Ipcp?.NextDeadline);
            return Min(deadline, Ipv6cp?.NextDeadline);
        }
    }

    /// <summary>When the HTTP phase must be over (server: request received; client: answer received), or null.</summary>
    private protected TimeSpan? HandshakeDeadline { get; set; }

    /// <summary>What a missed <see cref="HandshakeDeadline"/> is reported as.</summary>
    private protected abstract (DisconnectReason Reason, string Detail) HandshakeTimeout { get; }

    /// <summary>
    /// Consumes at most one HTTP header block or one SSTP packet from <paramref name="input"/>. Never throws on
    /// peer input: a protocol error ends the session with a reason instead.
    /// </summary>
    public ReceiveResult Receive(ReadOnlySpan<byte> input, TimeSpan now)
    {
        if (_closedRaised)
        {
            return new ReceiveResult(ReceiveStatus.Closed, 0);
        }

        if (!_sstpStarted)
        {
            var handshake = ReceiveHandshake(input, now);
            Pump(now);
            return _closedRaised ? handshake with { Status = ReceiveStatus.Closed } : handshake;
        }

        var status = SstpPacket.TryRead(input, out var packet, out int consumed, out var error);
        if (status == OperationStatus.NeedMoreData)
        {
            return new ReceiveResult(ReceiveStatus.NeedMoreData, 0);
        }

        if (status != OperationStatus.Done)
        {
            // A packet that cannot be delineated ends the connection without a reply [MS-SSTP §3.1.5.1].
            Fail(DisconnectReason.SstpFramingError, $"SSTP framing error: {error}");
            Sstp.LowerLayerDown();
            Pump(now);
            return new ReceiveResult(ReceiveStatus.Closed, input.Length);
        }

        Sstp.ReceivePacket(packet, now);
        if (!packet.IsControl)
        {
            var result = ReceiveFrame(packet.Payload, consumed, now);
            if (result.Status == ReceiveStatus.Packet)
            {
                return result;
            }
        }

        Pump(now);
        return new ReceiveResult(_closedRaised ? ReceiveStatus.Closed : ReceiveStatus.Handled, consumed);
    }

    /// <summary>
    /// Writes the next queued outbound unit (HTTP bytes, an SSTP control packet, or an SSTP data packet carrying
    /// a PPP control frame) into <paramref name="destination"/>, in the order they were produced.
    /// <paramref name="destination"/> must hold at least 4095 bytes. Call until it returns false.
    /// </summary>
    public bool TryPollTransmit(Span<byte> destination, out int written)
    {
        if (destination.Length < SstpPacket.MaxPacketLength)
        {
            throw new ArgumentException("The destination must hold a whole SSTP packet (4095 bytes).", nameof(destination));
        }

        if (_out.TryDequeue(out var unit))
        {
            unit.CopyTo(destination);
            written = unit.Length;
            return true;
        }

        written = 0;
        return false;
    }

    /// <summary>Returns the next event for the host. Call until it returns false.</summary>
    public bool TryPollEvent(out SessionEvent? e) => _events.TryDequeue(out e);

    /// <summary>Runs every timer that is due at <paramref name="now"/>.</summary>
    public void HandleTimeout(TimeSpan now)
    {
        if (_closedRaised)
        {
            return;
        }

        if (InHandshake && HandshakeDeadline is { } deadline && now >= deadline)
        {
            Fail(HandshakeTimeout.Reason, HandshakeTimeout.Detail);
            RaiseClosed();
            return;
        }

        Sstp.HandleTimeout(now);
        Lcp.HandleTimeout(now);
        if (!_linkDown)
        {
            Auth?.HandleTimeout(now);
        }

        Ipcp?.HandleTimeout(now);
        Ipv6cp?.HandleTimeout(now);
        Pump(now);
    }

    /// <summary>
    /// Ends the session from our side (shutdown, admin kick, user stop): LCP Terminate, then SSTP Call
    /// Disconnect, each bounded by its timers.
    /// </summary>
    public void Close(TimeSpan now) => Shutdown(DisconnectReason.LocalClose, "closed locally", now);

    /// <summary>TLS or TCP is gone: the session ends at once and sends nothing [MS-SSTP §3.1.7.2].</summary>
    public void LowerLayerDown(TimeSpan now)
    {
        if (_closedRaised)
        {
            return;
        }

        if (_sstpStarted)
        {
            // The SSTP machine names the ending: a teardown under way keeps its own reason (a peer that closes
            // TCP right after our Disconnect Ack is a normal hang-up, not a lost transport).
            Sstp.LowerLayerDown();
            Pump(now);
        }
        else
        {
            // Before the HTTP exchange: on the server this is also how a client that refused our certificate
            // looks (.NET on Linux checks it after the TLS handshake has finished).
            Fail(DisconnectReason.TransportLost, "the connection closed before the HTTP exchange finished (a client that refuses the certificate closes here)");
            RaiseClosed();
        }
    }

    /// <summary>Handles one HTTP-phase input; returns what was consumed. Calls <see cref="StartSstp"/> when done.</summary>
    private protected abstract ReceiveResult ReceiveHandshake(ReadOnlySpan<byte> input, TimeSpan now);

    /// <summary>The HTTP phase is over: the SSTP state machine starts.</summary>
    private protected void StartSstp(TimeSpan now)
    {
        _sstpStarted = true;
        Sstp.Start(now);
    }

    /// <summary>Queues bytes for the peer (HTTP phase).</summary>
    private protected void Send(ReadOnlySpan<byte> bytes) => _out.Enqueue(bytes.ToArray());

    /// <summary>Records the first reason for the ending; later ones do not replace it.</summary>
    private protected void Fail(DisconnectReason reason, string detail)
    {
        if (_reason == DisconnectReason.None)
        {
            _reason = reason;
            _detail = detail;
        }
    }

    /// <summary>Queues an event for the host.</summary>
    private protected void Raise(SessionEvent e) => _events.Enqueue(e);

    /// <summary>Queues <see cref="SessionEvent.Closed"/> once, with the recorded reason.</summary>
    private protected void RaiseClosed()
    {
        if (_closedRaised)
        {
            return;
        }

        _closedRaised = true;
        Volatile.Write(ref _dataPath, DataPathState.Closed);
        if (_reason == DisconnectReason.None)
        {
            _reason = DisconnectReason.LocalClose;
            _detail = "closed";
        }

        _events.Enqueue(new SessionEvent.Closed(_reason, _detail));
    }

    /// <summary>The user name reported in <see cref="TunnelInfo"/>.</summary>
    private protected abstract string TunnelUserName { get; }

    /// <summary>Builds what the host learns when the tunnel comes up.</summary>
    private TunnelInfo DescribeTunnel()
    {
        bool ipv6 = Ipv6cp?.IsOpened == true;
        return new TunnelInfo
        {
            UserName = TunnelUserName,
            Method = AuthenticatedMethod,
            LocalIPv4 = Ipcp?.LocalAddress,
            PeerIPv4 = Ipcp?.PeerAddress,
            DnsServers = Ipcp?.DnsServers ?? [],
            LocalInterfaceId = ipv6 ? Ipv6cp!.LocalInterfaceId : 0,
            PeerInterfaceId = ipv6 ? Ipv6cp!.PeerInterfaceId : 0,
            Mtu = Lcp.PeerMru,
            BindingHash = Sstp.ChosenHash,
            BindingResult = Sstp.BindingResult,
        };
    }

    /// <summary>Brings the data-path state up to date and raises TunnelUp / DataPathChanged as needed.</summary>
    private void UpdateDataPath()
    {
        if (_closedRaised)
        {
            return;
        }

        bool connected = Sstp.AllowsPppData;
        var next = new DataPathState(
            connected && Ipcp?.IsOpened == true,
            connected && Ipv6cp?.IsOpened == true,
            Lcp.PeerMru);
        if (next != _dataPath)
        {
            Volatile.Write(ref _dataPath, next);
            if (_tunnelUp)
            {
                Raise(new SessionEvent.DataPathChanged(next));
                return;
            }
        }

        if (_tunnelUp)
        {
            return;
        }

        // The tunnel counts as up once IPv4 flows, or IPv6 flows and IPCP is not (or no longer) negotiating,
        // so the host sees the IPv4 addresses in TunnelUp whenever IPCP runs.
        bool ipcpNegotiating = Ipcp is { IsOpened: false, State: not (AutomatonState.Initial or AutomatonState.Closed or AutomatonState.Stopped) };
        if (next.Ipv4 || (next.Ipv6 && !ipcpNegotiating))
        {
            _tunnelUp = true;
            Raise(new SessionEvent.TunnelUp(DescribeTunnel()));
        }
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);
}

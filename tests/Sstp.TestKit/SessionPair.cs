using System.Net;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Session;
using Sstp.Protocol.Sstp;

namespace Sstp.TestKit;

/// <summary>
/// A <see cref="ClientSession"/> and a <see cref="ServerSession"/> joined by a simulated link with a fake
/// clock: bytes move in random-sized chunks (so every parser sees split input), and time advances only to the
/// next deadline when the link is idle. Each side has a small host that answers the session's questions the way
/// a real server or client would; tests can replace those answers and tamper with packets on the wire.
/// </summary>
public sealed class SessionPair
{
    /// <summary>The SHA-256 of the (pretend) server certificate both sides agree on.</summary>
    public static readonly byte[] CertSha256 = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    /// <summary>The SHA-1 of the (pretend) server certificate both sides agree on.</summary>
    public static readonly byte[] CertSha1 = Enumerable.Range(101, 20).Select(i => (byte)i).ToArray();

    private readonly Random _chunks;
    private readonly List<byte> _toServer = [];
    private readonly List<byte> _toClient = [];
    private readonly byte[] _transmit = new byte[4096];

    /// <summary>Creates a pair; <paramref name="users"/> maps user names to passwords on the server.</summary>
    public SessionPair(
        ServerSessionSettings serverSettings,
        ClientSessionSettings clientSettings,
        IReadOnlyDictionary<string, string> users,
        int seed = 1,
        int maxChunk = 700)
    {
        Users = users;
        MaxChunk = maxChunk;
        _chunks = new Random(seed);
        Server = new ServerSession(serverSettings, new SeededRandom(seed + 100), Now, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        Client = new ClientSession(clientSettings, new SeededRandom(seed + 200), Now);
    }

    /// <summary>Server-side settings with the test certificate hashes and the given auth protocols.</summary>
    public static ServerSessionSettings ServerSettings(params Sstp.Protocol.Ppp.Lcp.AuthProtocolOption[] auth) => new()
    {
        Sstp = new SstpServerSettings { CertHashesSha1 = [CertSha1], CertHashesSha256 = [CertSha256] },
        Lcp = auth.Length == 0 ? new() : new() { AuthProtocols = auth },
    };

    /// <summary>Client-side settings with the test certificate hashes and the given credentials.</summary>
    public static ClientSessionSettings ClientSettings(string user, string password) => new()
    {
        Host = "vpn.example.com",
        Credentials = new AuthPeerSettings(user, password),
        CorrelationId = "{2F6A1D2C-6E55-4B4B-9C1F-0123456789AB}",
        Sstp = new SstpClientSettings { ServerCertHashSha1 = CertSha1, ServerCertHashSha256 = CertSha256 },
    };

    /// <summary>The server end.</summary>
    public ServerSession Server { get; }

    /// <summary>The client end.</summary>
    public ClientSession Client { get; }

    /// <summary>The simulated monotonic clock.</summary>
    public TimeSpan Now { get; private set; }

    /// <summary>User name → password known to the server's host.</summary>
    public IReadOnlyDictionary<string, string> Users { get; }

    /// <summary>Largest chunk the link delivers at once.</summary>
    public int MaxChunk { get; set; }

    /// <summary>Every event the server raised, in order.</summary>
    public List<SessionEvent> ServerEvents { get; } = [];

    /// <summary>Every event the client raised, in order.</summary>
    public List<SessionEvent> ClientEvents { get; } = [];

    /// <summary>IP packets the server handed to its TUN.</summary>
    public List<byte[]> ServerTun { get; } = [];

    /// <summary>IP packets the client handed to its TUN.</summary>
    public List<byte[]> ClientTun { get; } = [];

    /// <summary>Every unit (HTTP bytes or SSTP packet) each side sent, in order, after tampering.</summary>
    public List<byte[]> SentByServer { get; } = [];

    /// <summary>Every unit (HTTP bytes or SSTP packet) each side sent, in order, after tampering.</summary>
    public List<byte[]> SentByClient { get; } = [];

    /// <summary>Changes or drops (null) a unit the server sends.</summary>
    public Func<byte[], byte[]?>? TamperServerToClient { get; set; }

    /// <summary>Changes or drops (null) a unit the client sends.</summary>
    public Func<byte[], byte[]?>? TamperClientToServer { get; set; }

    /// <summary>
    /// The server host's verdict on credentials (returning null leaves the session waiting). When unset, the
    /// user table is checked with the core's verifiers (<see cref="Verify"/>).
    /// </summary>
    public Func<AuthRequest, AuthDecision?>? Authenticate { get; set; }

    /// <summary>The server host's address assignment; null to leave the session waiting.</summary>
    public Func<string, SessionAddresses?> AssignAddresses { get; set; } = _ => new SessionAddresses
    {
        LocalIPv4 = IPAddress.Parse("10.88.0.1"),
        PeerIPv4 = IPAddress.Parse("10.88.0.2"),
        DnsServers = [IPAddress.Parse("10.88.0.53"), IPAddress.Parse("1.1.1.1")],
    };

    /// <summary>The verdict of the default host: checks the user table with the core's verifiers.</summary>
    public AuthDecision Verify(AuthRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? password = request switch
        {
            PapRequest r => Users.GetValueOrDefault(r.User),
            ChapMd5Request r => Users.GetValueOrDefault(r.User),
            MsChapV2Request r => Users.GetValueOrDefault(StripDomain(r.User)),
            _ => null,
        };
        if (password is null)
        {
            return AuthDecision.Reject();
        }

        return request switch
        {
            PapRequest r => PapVerifier.Verify(password, r),
            ChapMd5Request r => ChapMd5Verifier.Verify(password, r),
            MsChapV2Request r => MsChapV2Verifier.Verify(password.AsSpan(), r),
            _ => AuthDecision.Reject(),
        };
    }

    /// <summary>True once both sides raised TunnelUp.</summary>
    public bool BothUp =>
        ServerEvents.OfType<SessionEvent.TunnelUp>().Any() && ClientEvents.OfType<SessionEvent.TunnelUp>().Any();

    /// <summary>Runs until both tunnels are up, either side closed, or <paramref name="limit"/> of simulated time passed.</summary>
    public void RunUntilUp(TimeSpan? limit = null) => RunUntil(() => BothUp || Server.IsClosed || Client.IsClosed, limit);

    /// <summary>Runs until both sides are closed or <paramref name="limit"/> passed.</summary>
    public void RunUntilClosed(TimeSpan? limit = null) => RunUntil(() => Server.IsClosed && Client.IsClosed, limit);

    /// <summary>
    /// Moves bytes and time until <paramref name="done"/> holds, or until <paramref name="limit"/> (default 10 min)
    /// of simulated time passed. Time jumps only to the next deadline when the link is idle.
    /// </summary>
    public void RunUntil(Func<bool> done, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(done);
        var end = Now + (limit ?? TimeSpan.FromMinutes(10));
        for (int step = 0; step < 200_000; step++)
        {
            Flush();
            if (done())
            {
                return;
            }

            if (_toServer.Count > 0 || _toClient.Count > 0)
            {
                Deliver(_toServer, Server, ServerTun);
                Deliver(_toClient, Client, ClientTun);
                continue;
            }

            var next = Min(Server.NextDeadline, Client.NextDeadline);
            if (next is null || next > end)
            {
                Now = end;
                return;
            }

            Now = next.Value > Now ? next.Value : Now;
            Server.HandleTimeout(Now);
            Client.HandleTimeout(Now);
        }

        throw new InvalidOperationException("the pair did not settle (busy loop)");
    }

    /// <summary>Advances the clock by <paramref name="delta"/> without moving bytes, running due timers.</summary>
    public void Advance(TimeSpan delta)
    {
        Now += delta;
        Server.HandleTimeout(Now);
        Client.HandleTimeout(Now);
        Flush();
    }

    /// <summary>Sends an IP packet from the client's TUN into the tunnel; false if the data path refused it.</summary>
    public bool SendFromClient(ReadOnlySpan<byte> ipPacket) => Inject(Client, ipPacket, _toServer, SentByClient);

    /// <summary>Sends an IP packet from the server's TUN into the tunnel; false if the data path refused it.</summary>
    public bool SendFromServer(ReadOnlySpan<byte> ipPacket) => Inject(Server, ipPacket, _toClient, SentByServer);

    /// <summary>Puts raw bytes on the wire towards the server (for hostile-input tests).</summary>
    public void InjectToServer(ReadOnlySpan<byte> bytes) => _toServer.AddRange(bytes.ToArray());

    /// <summary>Puts raw bytes on the wire towards the client.</summary>
    public void InjectToClient(ReadOnlySpan<byte> bytes) => _toClient.AddRange(bytes.ToArray());

    private static bool Inject(SstpSession from, ReadOnlySpan<byte> ipPacket, List<byte> wire, List<byte[]> sent)
    {
        var frame = new byte[DataPath.Headroom + ipPacket.Length];
        ipPacket.CopyTo(frame.AsSpan(DataPath.Headroom));
        int length = DataPath.Encapsulate(frame, ipPacket.Length, from.CurrentDataPath);
        if (length == 0)
        {
            return false;
        }

        sent.Add(frame[..length]);
        wire.AddRange(frame.AsSpan(0, length).ToArray());
        return true;
    }

    /// <summary>Drains both sides' events and transmit queues until both are quiet.</summary>
    private void Flush()
    {
        bool again = true;
        while (again)
        {
            again = false;
            while (Server.TryPollEvent(out var e))
            {
                again = true;
                ServerEvents.Add(e!);
                HandleServerEvent(e!);
            }

            while (Client.TryPollEvent(out var e))
            {
                again = true;
                ClientEvents.Add(e!);
            }

            again |= Drain(Server, _toClient, SentByServer, TamperServerToClient);
            again |= Drain(Client, _toServer, SentByClient, TamperClientToServer);
        }
    }

    private void HandleServerEvent(SessionEvent e)
    {
        switch (e)
        {
            case SessionEvent.AuthenticationRequested request:
                var decision = Authenticate is null ? Verify(request.Request) : Authenticate(request.Request);
                if (decision is not null)
                {
                    Server.CompleteAuthentication(decision, Now);
                }

                break;
            case SessionEvent.AddressesRequested requested:
                if (AssignAddresses(requested.UserName) is { } addresses)
                {
                    Server.AssignAddresses(addresses, Now);
                }

                break;
        }
    }

    private bool Drain(SstpSession from, List<byte> wire, List<byte[]> sent, Func<byte[], byte[]?>? tamper)
    {
        bool any = false;
        while (from.TryPollTransmit(_transmit, out int written))
        {
            any = true;
            var unit = _transmit.AsSpan(0, written).ToArray();
            var delivered = tamper is null ? unit : tamper(unit);
            if (delivered is null)
            {
                continue;
            }

            sent.Add(delivered);
            wire.AddRange(delivered);
        }

        return any;
    }

    private void Deliver(List<byte> wire, SstpSession to, List<byte[]> tun)
    {
        if (wire.Count == 0)
        {
            return;
        }

        int chunk = Math.Min(wire.Count, _chunks.Next(1, MaxChunk + 1));
        PendingInput(to).AddRange(wire.GetRange(0, chunk));
        wire.RemoveRange(0, chunk);
        var buffer = PendingInput(to);
        while (buffer.Count > 0)
        {
            var input = buffer.ToArray();
            var result = to.Receive(input, Now);
            if (result.Status == ReceiveStatus.Packet)
            {
                tun.Add(result.GetPacket(input).ToArray());
            }

            buffer.RemoveRange(0, result.Consumed);
            if (result.Status is ReceiveStatus.NeedMoreData or ReceiveStatus.Closed)
            {
                if (result.Status == ReceiveStatus.Closed)
                {
                    buffer.Clear();
                }

                break;
            }
        }
    }

    private readonly List<byte> _serverInput = [];
    private readonly List<byte> _clientInput = [];

    private List<byte> PendingInput(SstpSession to) => ReferenceEquals(to, Server) ? _serverInput : _clientInput;

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a < b ? a : b);

    private static string StripDomain(string user)
    {
        int slash = user.LastIndexOf('\\');
        return slash < 0 ? user : user[(slash + 1)..];
    }
}

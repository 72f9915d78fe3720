using Sstp.Protocol.Ppp.Auth;

namespace Sstp.Protocol.Tests.Ppp.Auth;

/// <summary>
/// Test helper: an authenticator and a peer wired back to back in memory, with a fake clock, a host callback
/// answering <see cref="AuthEvent.CredentialsReceived"/>, and hooks to drop packets in either direction.
/// </summary>
internal sealed class AuthLink
{
    private readonly byte[] _buffer = new byte[1600];

    public AuthLink(Authenticator server, AuthMachine client, Func<AuthRequest, AuthDecision>? host)
    {
        Server = server;
        Client = client;
        Host = host;
    }

    public Authenticator Server { get; }

    public AuthMachine Client { get; }

    public Func<AuthRequest, AuthDecision>? Host { get; set; }

    public TimeSpan Now { get; private set; } = TimeSpan.FromSeconds(100);

    public List<byte[]> ToClient { get; } = [];

    public List<byte[]> ToServer { get; } = [];

    public List<AuthEvent> ServerEvents { get; } = [];

    public List<AuthEvent> ClientEvents { get; } = [];

    /// <summary>Returns true to drop a server → client packet (argument: packet, index among all sent).</summary>
    public Func<byte[], int, bool> DropToClient { get; set; } = (_, _) => false;

    /// <summary>Returns true to drop a client → server packet.</summary>
    public Func<byte[], int, bool> DropToServer { get; set; } = (_, _) => false;

    public void Start()
    {
        Server.Start(Now);
        Client.Start(Now);
        Pump();
    }

    public void Pump()
    {
        for (int guard = 0; guard < 1000; guard++)
        {
            bool progress = false;
            while (Server.TryPollTransmit(_buffer, out int n))
            {
                var packet = _buffer.AsSpan(0, n).ToArray();
                ToClient.Add(packet);
                progress = true;
                if (!DropToClient(packet, ToClient.Count - 1))
                {
                    Client.Receive(packet, Now);
                }
            }

            while (Client.TryPollTransmit(_buffer, out int n))
            {
                var packet = _buffer.AsSpan(0, n).ToArray();
                ToServer.Add(packet);
                progress = true;
                if (!DropToServer(packet, ToServer.Count - 1))
                {
                    Server.Receive(packet, Now);
                }
            }

            while (Server.TryPollEvent(out var e))
            {
                ServerEvents.Add(e);
                progress = true;
                if (e is AuthEvent.CredentialsReceived credentials && Host is not null)
                {
                    Server.Complete(Host(credentials.Request), Now);
                }
            }

            while (Client.TryPollEvent(out var e))
            {
                ClientEvents.Add(e);
                progress = true;
            }

            if (!progress)
            {
                return;
            }
        }

        throw new InvalidOperationException("The machines never went quiet.");
    }

    public void Advance(TimeSpan by)
    {
        Now += by;
        Server.HandleTimeout(Now);
        Client.HandleTimeout(Now);
        Pump();
    }

    public AuthOutcome ServerOutcome() => Assert.IsType<AuthEvent.Succeeded>(ServerEvents.Last()).Outcome;

    public AuthOutcome ClientOutcome() => Assert.IsType<AuthEvent.Succeeded>(ClientEvents.Last()).Outcome;
}

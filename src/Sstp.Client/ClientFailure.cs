using Sstp.Protocol.Session;

namespace Sstp.Client;

/// <summary>Why a connection attempt ended, for the one-line message a user reads and the exit code.</summary>
/// <param name="Kind">The class of cause.</param>
/// <param name="Message">A sentence that names the cause and, where it helps, what to do.</param>
public sealed record ClientFailure(ClientFailureKind Kind, string Message)
{
    /// <summary>The process exit code for this failure.</summary>
    public int ExitCode => Kind switch
    {
        ClientFailureKind.Network => 3,
        ClientFailureKind.Tls => 4,
        ClientFailureKind.Authentication => 5,
        ClientFailureKind.CryptoBinding => 6,
        ClientFailureKind.NoAddress => 7,
        ClientFailureKind.Timeout => 8,
        ClientFailureKind.Local => 9,
        _ => 1,
    };

    /// <summary>Classifies how a session ended.</summary>
    public static ClientFailure FromSession(DisconnectReason reason, string detail, bool sentCallConnected) => reason switch
    {
        DisconnectReason.AuthenticationFailed => new(ClientFailureKind.Authentication, $"authentication failed: {detail}"),
        DisconnectReason.MutualAuthenticationFailed => new(ClientFailureKind.Authentication, $"the server could not prove it knows the password (MS-CHAPv2 authenticator response): {detail}"),
        DisconnectReason.AuthenticationTimeout => new(ClientFailureKind.Timeout, $"authentication timed out: {detail}"),
        DisconnectReason.PeerAbort when sentCallConnected => new(ClientFailureKind.CryptoBinding, $"the server aborted right after our crypto binding (a TLS proxy or inspection in between, or a RADIUS without MPPE keys): {detail}"),
        DisconnectReason.NcpNegotiationFailed or DisconnectReason.NoAddressAvailable => new(ClientFailureKind.NoAddress, $"no address: {detail}"),
        DisconnectReason.SstpNegotiationTimeout or DisconnectReason.HelloTimeout or DisconnectReason.LcpEchoTimeout => new(ClientFailureKind.Timeout, $"timeout: {detail}"),
        DisconnectReason.HttpResponseRefused => new(ClientFailureKind.Protocol, $"not an SSTP server: {detail}"),
        DisconnectReason.TransportLost => new(ClientFailureKind.Network, $"connection lost: {detail}"),
        _ => new(ClientFailureKind.Protocol, $"{reason}: {detail}"),
    };
}

/// <summary>Classes of client failures (each has its own exit code).</summary>
public enum ClientFailureKind
{
    /// <summary>Any SSTP/PPP protocol problem not listed below.</summary>
    Protocol,

    /// <summary>DNS, TCP or proxy failure.</summary>
    Network,

    /// <summary>TLS handshake or server certificate refused.</summary>
    Tls,

    /// <summary>Credentials refused (error 691 and friends).</summary>
    Authentication,

    /// <summary>The server refused our crypto binding.</summary>
    CryptoBinding,

    /// <summary>No address could be negotiated.</summary>
    NoAddress,

    /// <summary>The server stopped answering during setup.</summary>
    Timeout,

    /// <summary>A local problem: TUN device, permissions.</summary>
    Local,
}

using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Sstp;

namespace Sstp.Protocol.Session;

/// <summary>How the reasons of the layers map to one <see cref="DisconnectReason"/> for the host.</summary>
public abstract partial class SstpSession
{
    private static DisconnectReason MapSstpClose(SstpCloseReason reason) => reason switch
    {
        SstpCloseReason.LocalDisconnect => DisconnectReason.LocalClose,
        SstpCloseReason.PeerDisconnect => DisconnectReason.PeerDisconnect,
        SstpCloseReason.LocalAbort => DisconnectReason.LocalClose,
        SstpCloseReason.PeerAbort => DisconnectReason.PeerAbort,
        SstpCloseReason.NegotiationTimeout => DisconnectReason.SstpNegotiationTimeout,
        SstpCloseReason.HelloTimeout => DisconnectReason.HelloTimeout,
        SstpCloseReason.CryptoBindingFailed => DisconnectReason.CryptoBindingFailed,
        SstpCloseReason.ConnectNakLimit or SstpCloseReason.ConnectRequestNakked => DisconnectReason.SstpConnectRefused,
        SstpCloseReason.LowerLayerDown => DisconnectReason.TransportLost,
        _ => DisconnectReason.SstpProtocolError,
    };

    private string DescribeSstpClose(SstpEvent.Closed closed)
    {
        string text = closed.Reason switch
        {
            SstpCloseReason.CryptoBindingFailed => $"crypto binding failed ({Sstp.BindingResult})",
            SstpCloseReason.PeerAbort => "the peer sent Call Abort",
            SstpCloseReason.PeerDisconnect => "the peer sent Call Disconnect",
            SstpCloseReason.HelloTimeout => "nothing received for two hello intervals",
            SstpCloseReason.NegotiationTimeout => $"SSTP negotiation timed out in {Sstp.State}",
            SstpCloseReason.LowerLayerDown => "the TLS connection was lost",
            _ => $"SSTP {closed.Reason}",
        };
        return closed.Status is { } status ? $"{text} (status {status})" : text;
    }

    private static DisconnectReason MapLcpFinished(PppCloseReason reason) => reason switch
    {
        PppCloseReason.PeerTerminated => DisconnectReason.PeerTerminatedPpp,
        PppCloseReason.EchoTimeout => DisconnectReason.LcpEchoTimeout,
        PppCloseReason.LocalClose => DisconnectReason.LocalClose,
        PppCloseReason.LowerLayerDown => DisconnectReason.TransportLost,
        _ => DisconnectReason.LcpNegotiationFailed,
    };

    private static DisconnectReason MapAuthFailure(AuthFailure reason) => reason switch
    {
        AuthFailure.Timeout => DisconnectReason.AuthenticationTimeout,
        AuthFailure.AuthenticatorNotVerified => DisconnectReason.MutualAuthenticationFailed,
        _ => DisconnectReason.AuthenticationFailed,
    };

    private static string DescribeAuthFailure(AuthEvent.Failed failed)
    {
        string text = $"authentication failed: {failed.Reason}";
        if (failed.ErrorCode != 0)
        {
            text += $", error {failed.ErrorCode}";
        }

        return string.IsNullOrEmpty(failed.Message) ? text : $"{text} ({failed.Message})";
    }
}

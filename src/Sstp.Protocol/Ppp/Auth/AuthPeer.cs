using System.Security.Cryptography;
using System.Text;
using Sstp.Protocol.Crypto;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// Base of the peer (client) machines: holds the settings, the random source and the MS-CHAPv2 response
/// logic shared by <see cref="ChapPeer"/> and <see cref="EapPeer"/>.
/// </summary>
public abstract class AuthPeer : AuthMachine
{
    private byte[] _authenticatorChallenge = [];
    private byte[] _peerChallenge = [];
    private byte[] _ntResponse = [];

    private protected AuthPeer(AuthPeerSettings settings, IRandomSource random)
        : base(Validated(settings).RestartInterval, settings.MaxRetransmissions, settings.Timeout)
    {
        ArgumentNullException.ThrowIfNull(random);
        Settings = settings;
        Random = random;
    }

    /// <summary>The settings given at construction.</summary>
    public AuthPeerSettings Settings { get; }

    /// <summary>The random source.</summary>
    private protected IRandomSource Random { get; }

    /// <summary>The user name as UTF-8 bytes.</summary>
    private protected byte[] UserBytes => Encoding.UTF8.GetBytes(Settings.User);

    /// <summary>The password as a new UTF-8 array; the caller wipes it.</summary>
    private protected byte[] PasswordUtf8()
    {
        var span = Settings.Password.Span;
        var bytes = new byte[Encoding.UTF8.GetByteCount(span)];
        Encoding.UTF8.GetBytes(span, bytes);
        return bytes;
    }

    /// <summary>
    /// Builds the 49-byte MS-CHAPv2 Response value for <paramref name="authenticatorChallenge"/> with a fresh
    /// peer challenge, and remembers what is needed to check <c>S=</c> later (RFC 2759 §4, §8.1).
    /// </summary>
    private protected byte[] BuildMsChapV2ResponseValue(ReadOnlySpan<byte> authenticatorChallenge)
    {
        _authenticatorChallenge = authenticatorChallenge.ToArray();
        _peerChallenge = new byte[MsChapV2.ChallengeLength];
        Random.Fill(_peerChallenge);
        _ntResponse = new byte[MsChapV2.NtResponseLength];
        Span<byte> hash = stackalloc byte[NtHash.Length];
        NtHash.Compute(Settings.Password.Span, hash);
        MsChapV2.GenerateNtResponse(_authenticatorChallenge, _peerChallenge, UserBytes, hash, _ntResponse);
        CryptographicOperations.ZeroMemory(hash);
        var value = new byte[MsChapV2Response.ValueLength];
        MsChapV2Response.Write(value, _peerChallenge, _ntResponse);
        return value;
    }

    /// <summary>
    /// Checks a Success message against the last Response (RFC 2759 §5: the peer MUST verify it) and, when
    /// it holds, writes the client HLAK (send ‖ receive = K(Magic2) ‖ K(Magic3)).
    /// </summary>
    private protected bool TryVerifySuccess(ReadOnlySpan<byte> message, out byte[] hlak)
    {
        hlak = new byte[AuthOutcome.HlakLength];
        if (_ntResponse.Length == 0)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[NtHash.Length];
        NtHash.Compute(Settings.Password.Span, hash);
        try
        {
            if (!MsChapV2.CheckAuthenticatorResponse(hash, _ntResponse, _peerChallenge, _authenticatorChallenge, UserBytes, message))
            {
                return false;
            }

            MppeKeys.GetHlak(hash, _ntResponse, hlak);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(hash);
        }
    }

    /// <summary>Turns a received MS-CHAPv2 Failure message into a <see cref="AuthEvent.Failed"/>.</summary>
    private protected void FailFromMsChapV2Failure(ReadOnlySpan<byte> message)
    {
        if (MsChapV2FailureMessage.TryParse(message, out var failure, out _) == System.Buffers.OperationStatus.Done)
        {
            Fail(AuthFailure.BadCredentials, failure!.ErrorCode, failure.Text);
        }
        else
        {
            Fail(AuthFailure.BadCredentials, MsChapV2FailureMessage.AuthenticationFailure, Encoding.UTF8.GetString(message));
        }
    }

    private static AuthPeerSettings Validated(AuthPeerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings;
    }
}

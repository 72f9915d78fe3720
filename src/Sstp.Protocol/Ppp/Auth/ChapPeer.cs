using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Sstp.Protocol.Crypto;
using Sstp.Protocol.Primitives;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// CHAP peer for MD5 (algorithm 5) or MS-CHAPv2 (0x81), chosen at construction to match the LCP option
/// [RFC 1994 §4; RFC 2759; AUTH.md §3–§4].
/// <para>Theory of operation: the authenticator drives. Each Challenge is answered with a Response under the
/// Challenge's Identifier; a repeated Challenge (same Identifier and value — our Response was lost) gets the
/// same Response again, a new one gets a new Response. Success/Failure are accepted only for the Identifier of
/// our last Response. MD5: Success → succeeded. MS-CHAPv2: Success must carry a valid <c>S=</c> (first 42
/// bytes, either hex case, with or without a space before <c>M=</c>); if it is missing or wrong the machine
/// fails with <see cref="AuthFailure.AuthenticatorNotVerified"/> (RFC 2759 §5 MUST). Failure → the parsed
/// <c>E=</c> code and <c>M=</c> text. No retry is attempted on <c>R=1</c>: the password would not change.</para>
/// </summary>
public sealed class ChapPeer : AuthPeer
{
    private readonly ChapAlgorithm _algorithm;
    private byte[] _lastChallenge = [];
    private byte[] _lastResponse = [];
    private byte _lastIdentifier;

    /// <summary>Creates the machine for <paramref name="algorithm"/>; <paramref name="random"/> supplies the MS-CHAPv2 peer challenge.</summary>
    public ChapPeer(AuthPeerSettings settings, IRandomSource random, ChapAlgorithm algorithm)
        : base(settings, random)
    {
        if (algorithm is not (ChapAlgorithm.Md5 or ChapAlgorithm.MsChapV2))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm));
        }

        _algorithm = algorithm;
    }

    /// <inheritdoc/>
    public override PppProtocol Protocol => PppProtocol.Chap;

    /// <summary>The algorithm given at construction.</summary>
    public ChapAlgorithm Algorithm => _algorithm;

    private protected override void OnStart(TimeSpan now)
    {
    }

    private protected override void OnReceive(ReadOnlySpan<byte> packet, TimeSpan now)
    {
        if (IsFinished || ChapPacket.TryRead(packet, out var chap, out _) != OperationStatus.Done)
        {
            return;
        }

        switch (chap.Code)
        {
            case ChapCode.Challenge:
                ReceiveChallenge(chap);
                break;
            case ChapCode.Success when _lastResponse.Length > 0 && chap.Identifier == _lastIdentifier:
                ReceiveSuccess(chap.Message);
                break;
            case ChapCode.Failure when _lastResponse.Length > 0 && chap.Identifier == _lastIdentifier:
                if (_algorithm == ChapAlgorithm.MsChapV2)
                {
                    FailFromMsChapV2Failure(chap.Message);
                }
                else
                {
                    Fail(AuthFailure.BadCredentials, 0, Encoding.UTF8.GetString(chap.Message));
                }

                break;
            default:
                break;
        }
    }

    private void ReceiveChallenge(ChapPacket chap)
    {
        if (_lastResponse.Length > 0 && chap.Identifier == _lastIdentifier && chap.Value.SequenceEqual(_lastChallenge))
        {
            Send(_lastResponse);
            return;
        }

        byte[] value;
        if (_algorithm == ChapAlgorithm.Md5)
        {
            byte[] secret = PasswordUtf8();
            value = ChapMd5.ComputeResponse(chap.Identifier, secret, chap.Value);
            CryptographicOperations.ZeroMemory(secret);
        }
        else
        {
            // RFC 2759 §3: the MS-CHAPv2 challenge is 16 bytes; anything else is discarded.
            if (chap.Value.Length != MsChapV2.ChallengeLength)
            {
                return;
            }

            value = BuildMsChapV2ResponseValue(chap.Value);
        }

        byte[] name = UserBytes;
        var response = new byte[PppPacket.HeaderLength + ChapPacket.GetValueAndNameLength(value.Length, name.Length)];
        ChapPacket.WriteChallengeOrResponse(response, ChapCode.Response, chap.Identifier, value, name);
        _lastChallenge = chap.Value.ToArray();
        _lastIdentifier = chap.Identifier;
        _lastResponse = response;
        Send(response);
    }

    private void ReceiveSuccess(ReadOnlySpan<byte> message)
    {
        if (_algorithm == ChapAlgorithm.Md5)
        {
            Succeed(new AuthOutcome(Settings.User, AuthMethod.ChapMd5, new byte[AuthOutcome.HlakLength]));
            return;
        }

        // RFC 2759 §5: the peer MUST verify the authenticator response and end the session if it is wrong.
        if (TryVerifySuccess(message, out byte[] hlak))
        {
            Succeed(new AuthOutcome(Settings.User, AuthMethod.MsChapV2, hlak));
        }
        else
        {
            Fail(AuthFailure.AuthenticatorNotVerified, 0, Encoding.UTF8.GetString(message));
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using Sstp.Protocol.Crypto;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// Checks an <see cref="MsChapV2Request"/> against a locally known NT hash [RFC 2759 §8.1, §8.7] and, on
/// success, produces the <c>S=</c> authenticator response and the server HLAK (SSTP.md §8.3:
/// Recv ‖ Send = K(Magic2) ‖ K(Magic3)).
/// </summary>
public static class MsChapV2Verifier
{
    /// <summary>Verifies the NT-Response in constant time.</summary>
    /// <exception cref="ArgumentException"><paramref name="ntHash"/> is not 16 bytes, or the request fields have wrong lengths.</exception>
    public static AuthDecision Verify(ReadOnlySpan<byte> ntHash, MsChapV2Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] user = Encoding.UTF8.GetBytes(request.User);
        Span<byte> expected = stackalloc byte[MsChapV2.NtResponseLength];
        MsChapV2.GenerateNtResponse(request.AuthenticatorChallenge, request.PeerChallenge, user, ntHash, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, request.NtResponse))
        {
            return AuthDecision.Reject();
        }

        string authenticatorResponse = MsChapV2.GenerateAuthenticatorResponse(ntHash, request.NtResponse,
            request.PeerChallenge, request.AuthenticatorChallenge, user);
        Span<byte> send = stackalloc byte[MppeKeys.MasterKeyLength];
        Span<byte> receive = stackalloc byte[MppeKeys.MasterKeyLength];
        MppeKeys.GetServerKeys(ntHash, request.NtResponse, send, receive);
        var decision = AuthDecision.AcceptMsChapV2(authenticatorResponse, send, receive);
        CryptographicOperations.ZeroMemory(send);
        CryptographicOperations.ZeroMemory(receive);
        return decision;
    }

    /// <summary>As <see cref="Verify(ReadOnlySpan{byte}, MsChapV2Request)"/> from a clear-text password.</summary>
    public static AuthDecision Verify(ReadOnlySpan<char> password, MsChapV2Request request)
    {
        Span<byte> ntHash = stackalloc byte[NtHash.Length];
        NtHash.Compute(password, ntHash);
        try
        {
            return Verify((ReadOnlySpan<byte>)ntHash, request);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ntHash);
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using Sstp.Protocol.Crypto;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>Checks a <see cref="ChapMd5Request"/> against a locally known secret (RFC 1994 §4.1).</summary>
public static class ChapMd5Verifier
{
    /// <summary>Recomputes MD5(Id ‖ secret ‖ challenge) and compares it in constant time.</summary>
    public static AuthDecision Verify(ReadOnlySpan<byte> secret, ChapMd5Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ChapMd5.Verify(request.Id, secret, request.Challenge, request.Response)
            ? AuthDecision.Accept()
            : AuthDecision.Reject();
    }

    /// <summary>As <see cref="Verify(ReadOnlySpan{byte}, ChapMd5Request)"/> with the secret encoded as UTF-8.</summary>
    public static AuthDecision Verify(string password, ChapMd5Request request)
    {
        ArgumentNullException.ThrowIfNull(password);
        byte[] bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return Verify(bytes, request);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}

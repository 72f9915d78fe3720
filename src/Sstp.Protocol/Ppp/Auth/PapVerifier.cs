using System.Security.Cryptography;
using System.Text;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>Checks a <see cref="PapRequest"/> against a locally known password.</summary>
public static class PapVerifier
{
    /// <summary>Compares the sent password with <paramref name="password"/> in constant time (for equal lengths).</summary>
    public static AuthDecision Verify(ReadOnlySpan<byte> password, PapRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CryptographicOperations.FixedTimeEquals(password, request.Password)
            ? AuthDecision.Accept()
            : AuthDecision.Reject();
    }

    /// <summary>As <see cref="Verify(ReadOnlySpan{byte}, PapRequest)"/> with the password encoded as UTF-8.</summary>
    public static AuthDecision Verify(string password, PapRequest request)
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

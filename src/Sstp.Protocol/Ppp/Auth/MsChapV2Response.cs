using System.Buffers;
using Sstp.Protocol.Crypto;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// The 49-byte Value of an MS-CHAPv2 Response [RFC 2759 §4; AUTH.md §4.1, §6.1]:
/// <code>
/// +------------------+--------------+------------------+-------+
/// | Peer-Challenge 16| Reserved 8=0 | NT-Response 24   | Flags |
/// +------------------+--------------+------------------+-------+
/// </code>
/// Reserved and Flags are written as zero and ignored on receive.
/// </summary>
public readonly ref struct MsChapV2Response
{
    /// <summary>Length of the Value.</summary>
    public const int ValueLength = 49;

    /// <summary>The peer challenge (a view).</summary>
    public ReadOnlySpan<byte> PeerChallenge { get; }

    /// <summary>The NT-Response (a view).</summary>
    public ReadOnlySpan<byte> NtResponse { get; }

    /// <summary>The Flags octet.</summary>
    public byte Flags { get; }

    private MsChapV2Response(ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> ntResponse, byte flags)
    {
        PeerChallenge = peerChallenge;
        NtResponse = ntResponse;
        Flags = flags;
    }

    /// <summary>Splits a Response Value. Never throws.</summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> value, out MsChapV2Response response, out AuthParseError error)
    {
        response = default;
        // RFC 2759 §4: Value-Size is always 49.
        if (value.Length != ValueLength)
        {
            error = AuthParseError.ResponseSizeInvalid;
            return OperationStatus.InvalidData;
        }

        response = new MsChapV2Response(value[..16], value.Slice(24, MsChapV2.NtResponseLength), value[48]);
        error = AuthParseError.None;
        return OperationStatus.Done;
    }

    /// <summary>Writes the 49-byte Value; returns 49.</summary>
    /// <exception cref="ArgumentException">Wrong input lengths or destination too small.</exception>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> ntResponse)
    {
        if (peerChallenge.Length != MsChapV2.ChallengeLength || ntResponse.Length != MsChapV2.NtResponseLength)
        {
            throw new ArgumentException("Peer challenge must be 16 bytes and NT-Response 24 bytes.");
        }

        AuthThrow.IfTooSmall(destination, ValueLength);
        peerChallenge.CopyTo(destination);
        destination.Slice(16, 8).Clear();
        ntResponse.CopyTo(destination[24..]);
        destination[48] = 0;
        return ValueLength;
    }
}

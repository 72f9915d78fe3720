namespace Sstp.Protocol.Crypto;

/// <summary>
/// ASCII hex as MS-CHAPv2 carries it in Success (<c>S=</c>) and Failure (<c>C=</c>) messages
/// [RFC 2759 §6, §8.7]: written upper case, read in either case (AUTH.md §4.1).
/// </summary>
internal static class HexCodec
{
    /// <summary>Writes <paramref name="bytes"/> as upper-case ASCII hex (two bytes of output per input byte).</summary>
    public static void WriteUpper(ReadOnlySpan<byte> bytes, Span<byte> ascii)
    {
        CryptoThrow.RequireLength(ascii.Length, bytes.Length * 2, nameof(ascii));
        for (int i = 0; i < bytes.Length; i++)
        {
            ascii[2 * i] = Digit(bytes[i] >> 4);
            ascii[(2 * i) + 1] = Digit(bytes[i] & 0xF);
        }
    }

    /// <summary>Decodes ASCII hex of either case; false when a character is not a hex digit or the sizes differ.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> ascii, Span<byte> bytes)
    {
        if (ascii.Length != bytes.Length * 2)
        {
            return false;
        }

        for (int i = 0; i < bytes.Length; i++)
        {
            int high = Value(ascii[2 * i]);
            int low = Value(ascii[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            bytes[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    private static byte Digit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private static int Value(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };
}

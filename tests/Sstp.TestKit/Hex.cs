namespace Sstp.TestKit;

/// <summary>Hex helpers for test vectors written the way the protocol docs write them ("10 01 00 0E", "fd ec…").</summary>
public static class Hex
{
    /// <summary>Parses hex digits, ignoring spaces, newlines, colons and '|' separators.</summary>
    public static byte[] Parse(string text)
    {
        var digits = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (Uri.IsHexDigit(c))
            {
                digits.Append(c);
            }
            else if (!char.IsWhiteSpace(c) && c != ':' && c != '|' && c != '-')
            {
                throw new FormatException($"'{c}' is not a hex digit");
            }
        }

        return Convert.FromHexString(digits.ToString());
    }

    /// <summary>Lower-case hex without separators.</summary>
    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}

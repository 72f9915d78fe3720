using System.Buffers;
using System.Globalization;
using System.Text;
using Sstp.Protocol.Crypto;

namespace Sstp.Protocol.Ppp.Auth;

/// <summary>
/// The MS-CHAPv2 Failure message [RFC 2759 §6; AUTH.md §4.1]:
/// <code>
/// "E=" error " R=" retry " C=" 32-hex-challenge " V=" version " M=" text
/// </code>
/// Error codes: 646 restricted logon hours, 647 account disabled, 648 password expired, 649 no dial-in
/// permission, 691 authentication failure, 709 error changing password. Parsing accepts the fields in any
/// order, ignores unknown fields, and takes everything after <c>M=</c> as the text.
/// </summary>
/// <param name="ErrorCode">The <c>E=</c> value (e.g. 691).</param>
/// <param name="RetryAllowed">The <c>R=</c> flag.</param>
/// <param name="Challenge">The <c>C=</c> challenge for a retry, or null when absent.</param>
/// <param name="Version">The <c>V=</c> value (3 for MS-CHAPv2).</param>
/// <param name="Text">The <c>M=</c> text, or empty.</param>
public sealed record MsChapV2FailureMessage(int ErrorCode, bool RetryAllowed, byte[]? Challenge, int Version, string Text)
{
    /// <summary>Error code 691: authentication failure.</summary>
    public const int AuthenticationFailure = 691;

    /// <summary>Parses a Failure message. Never throws.</summary>
    public static OperationStatus TryParse(ReadOnlySpan<byte> message, out MsChapV2FailureMessage? value, out AuthParseError error)
    {
        value = null;
        int? code = null;
        bool retry = false;
        byte[]? challenge = null;
        int version = 0;
        string text = string.Empty;
        var rest = message;
        while (!rest.IsEmpty)
        {
            if (rest.StartsWith("M="u8))
            {
                text = Encoding.UTF8.GetString(rest[2..]);
                break;
            }

            int space = rest.IndexOf((byte)' ');
            var token = space < 0 ? rest : rest[..space];
            rest = space < 0 ? default : rest[(space + 1)..];
            if (token.Length < 2 || token[1] != (byte)'=')
            {
                continue;
            }

            var fieldValue = token[2..];
            switch (token[0])
            {
                case (byte)'E':
                    if (!TryDecimal(fieldValue, out int e))
                    {
                        error = AuthParseError.FailureCodeMissing;
                        return OperationStatus.InvalidData;
                    }

                    code = e;
                    break;
                case (byte)'R':
                    if (!TryDecimal(fieldValue, out int r) || r > 1)
                    {
                        error = AuthParseError.FailureFieldInvalid;
                        return OperationStatus.InvalidData;
                    }

                    retry = r == 1;
                    break;
                case (byte)'C':
                    if (!TryHex(fieldValue, out challenge))
                    {
                        error = AuthParseError.FailureFieldInvalid;
                        return OperationStatus.InvalidData;
                    }

                    break;
                case (byte)'V':
                    if (!TryDecimal(fieldValue, out version))
                    {
                        error = AuthParseError.FailureFieldInvalid;
                        return OperationStatus.InvalidData;
                    }

                    break;
                default:
                    // Unknown fields are skipped so future additions do not break parsing.
                    break;
            }
        }

        if (code is null)
        {
            error = AuthParseError.FailureCodeMissing;
            return OperationStatus.InvalidData;
        }

        value = new MsChapV2FailureMessage(code.Value, retry, challenge, version, text);
        error = AuthParseError.None;
        return OperationStatus.Done;
    }

    /// <summary>The encoded form, e.g. <c>E=691 R=0 C=00…00 V=3 M=text</c> (C= omitted when <see cref="Challenge"/> is null).</summary>
    public byte[] ToBytes()
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"E={ErrorCode} R={(RetryAllowed ? 1 : 0)}");
        if (Challenge is not null)
        {
            builder.Append(" C=").Append(Convert.ToHexString(Challenge));
        }

        builder.Append(CultureInfo.InvariantCulture, $" V={Version} M=").Append(Text);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static bool TryDecimal(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 9)
        {
            return false;
        }

        foreach (byte d in digits)
        {
            if (d is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (d - '0');
        }

        return true;
    }

    private static bool TryHex(ReadOnlySpan<byte> digits, out byte[]? bytes)
    {
        bytes = null;
        if (digits.Length % 2 != 0)
        {
            return false;
        }

        var decoded = new byte[digits.Length / 2];
        if (!HexCodec.TryDecode(digits, decoded))
        {
            return false;
        }

        bytes = decoded;
        return true;
    }
}

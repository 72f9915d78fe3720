using System.Buffers;
using System.Text;

namespace Sstp.Protocol.Tests.Http;

/// <summary>Builders and checks shared by the HTTP-phase tests.</summary>
internal static class HttpTestData
{
    /// <summary>SSTP.md §3.1 canonical request bytes.</summary>
    public const string CanonicalRequest =
        "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n" +
        "Content-Length: 18446744073709551615\r\n" +
        "Host: vpn.example.com\r\n" +
        "SSTPCORRELATIONID: {2F6A1D2C-6E55-4B4B-9C1F-0123456789AB}\r\n" +
        "\r\n";

    /// <summary>SSTP.md §3.2 recommended response bytes (SoftEther's, field for field).</summary>
    public const string CanonicalResponse =
        "HTTP/1.1 200 OK\r\n" +
        "Content-Length: 18446744073709551615\r\n" +
        "Server: Microsoft-HTTPAPI/2.0\r\n" +
        "Date: Thu, 09 Nov 2006 00:51:09 GMT\r\n" +
        "\r\n";

    /// <summary>The SSTP request line used to build variants.</summary>
    public const string SstpRequestLine = "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n";

    /// <summary>A parser reduced to status and consumed, for the split-input checks.</summary>
    public delegate OperationStatus Parser(ReadOnlySpan<byte> input, out int consumed);

    /// <summary>Encodes test text as bytes one char per byte (Latin-1), so tests can also inject 0x80+ bytes.</summary>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>
    /// Feeds every proper prefix of <paramref name="message"/> (every split point) and asserts NeedMoreData with
    /// nothing consumed, then the whole message and asserts Done consuming exactly it.
    /// </summary>
    public static void AssertEverySplitNeedsMoreThenDone(byte[] message, Parser parse)
    {
        for (int split = 0; split < message.Length; split++)
        {
            var status = parse(message.AsSpan(0, split), out int consumed);
            Assert.True(status == OperationStatus.NeedMoreData, $"split at {split}: {status}");
            Assert.Equal(0, consumed);
        }

        Assert.Equal(OperationStatus.Done, parse(message, out int all));
        Assert.Equal(message.Length, all);
    }

    /// <summary>The decoder invariant: any status, consumed within the input, nothing consumed unless Done/refused.</summary>
    public static void AssertSane(OperationStatus status, int consumed, int inputLength)
    {
        Assert.InRange(consumed, 0, inputLength);
        if (status == OperationStatus.NeedMoreData)
        {
            Assert.Equal(0, consumed);
        }
    }
}

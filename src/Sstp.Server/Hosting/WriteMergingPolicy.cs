using Sstp.Server.Configuration;

namespace Sstp.Server.Hosting;

/// <summary>
/// Decides per session whether its data packets may share TLS records. Peers that read the TLS stream as a
/// stream (Windows, our client, SoftEther) gain several times the throughput; sstpc 1.0.18 handles only the first
/// SSTP packet of a record until the socket is readable again, so it gets one packet per record.
/// </summary>
public static class WriteMergingPolicy
{
    /// <summary>True if data writes to the peer that sent <paramref name="correlationId"/> should be merged.</summary>
    public static bool ShouldMerge(WriteMerging mode, string? correlationId) => mode switch
    {
        WriteMerging.On => true,
        WriteMerging.Off => false,
        _ => !LooksLikeSstpc(correlationId),
    };

    /// <summary>
    /// True for the SSTPCORRELATIONID sstpc writes: four hexadecimal groups in braces, <c>{%.4X-%.2X-%.2X-%.4X}</c>
    /// (for example <c>{1A2B-3C-4D-5E6F}</c>). A Windows-style GUID has five groups (8-4-4-4-12) and does not match.
    /// </summary>
    public static bool LooksLikeSstpc(string? correlationId)
    {
        if (correlationId is null || correlationId.Length < 2 || correlationId[0] != '{' || correlationId[^1] != '}')
        {
            return false;
        }

        var inner = correlationId.AsSpan(1, correlationId.Length - 2);
        int groups = 0;
        foreach (var range in inner.Split('-'))
        {
            var group = inner[range];
            if (group.Length is 0 or > 8 || !IsHex(group))
            {
                return false;
            }

            groups++;
        }

        return groups == 4;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

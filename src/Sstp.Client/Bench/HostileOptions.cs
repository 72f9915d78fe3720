using System.Net;
using System.Net.Sockets;
using Sstp.IO.Tls;

namespace Sstp.Client.Bench;

/// <summary>What <c>sstp bench hostile</c> does: where, how many, which kinds, from which local addresses.</summary>
public sealed record HostileOptions
{
    /// <summary>Largest accepted <c>--connections</c>.</summary>
    public const int MaxConnections = 1_000_000;

    /// <summary>Largest number of source addresses taken from <c>--source-range</c>.</summary>
    public const int MaxSources = 65_536;

    /// <summary>The server's host name or address (also the TLS target name and the HTTP Host).</summary>
    public required string Host { get; init; }

    /// <summary>The server's TCP port.</summary>
    public int Port { get; init; } = 443;

    /// <summary>Connections to make in all; kind number i % kinds goes to connection i.</summary>
    public int Connections { get; init; } = 1000;

    /// <summary>Connections open at once.</summary>
    public int Concurrency { get; init; } = 200;

    /// <summary>The kinds, used in turn.</summary>
    public IReadOnlyList<HostileKind> Kinds { get; init; } = HostileKinds.All;

    /// <summary>Local addresses to connect from, used in turn; empty for the system's choice.</summary>
    public IReadOnlyList<IPAddress> Sources { get; init; } = [];

    /// <summary>The whole run stops after this (connections still open are closed and counted as stopped).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>How long one connection waits for the server to end it before giving up (outcome <c>open</c>).</summary>
    public TimeSpan HoldTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The user the login kinds use (wrong-password with a wrong password, stall-reader with <see cref="Password"/>).</summary>
    public string? User { get; init; }

    /// <summary>The user's right password (stall-reader).</summary>
    public char[]? Password { get; init; }

    /// <summary>How the server certificate is checked.</summary>
    public ServerCertificateValidation Validation { get; init; } = ServerCertificateValidation.Insecure;

    /// <summary>The pinned SHA-256 with <see cref="ServerCertificateValidation.PinnedSha256"/>.</summary>
    public byte[]? PinSha256 { get; init; }

    /// <summary>
    /// Parses <c>--source ADDR[,ADDR...]</c> and <c>--source-range CIDR</c> into one list (the host addresses of the
    /// range, network and broadcast addresses left out for IPv4, at most <see cref="MaxSources"/>).
    /// </summary>
    public static bool TryParseSources(string? list, string? range, out IReadOnlyList<IPAddress> sources, out string? problem)
    {
        var result = new List<IPAddress>();
        sources = result;
        problem = null;
        foreach (string part in (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IPAddress.TryParse(part, out var address))
            {
                problem = $"--source: '{part}' is not an IP address";
                return false;
            }

            result.Add(address);
        }

        if (range is not null)
        {
            if (!IPNetwork.TryParse(range.Trim(), out var network))
            {
                problem = $"--source-range: '{range}' is not a CIDR network (e.g. 192.0.2.0/24)";
                return false;
            }

            AddHosts(network, result);
        }

        return true;
    }

    private static void AddHosts(IPNetwork network, List<IPAddress> into)
    {
        byte[] bytes = network.BaseAddress.GetAddressBytes();
        int hostBits = (bytes.Length * 8) - network.PrefixLength;
        bool ipv4 = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork;
        long count = hostBits >= 17 ? MaxSources + 2 : 1L << hostBits;
        long first = ipv4 && hostBits >= 2 ? 1 : 0;
        long last = ipv4 && hostBits >= 2 ? count - 2 : count - 1;
        for (long i = first; i <= last && into.Count < MaxSources; i++)
        {
            var copy = (byte[])bytes.Clone();
            long carry = i;
            for (int b = copy.Length - 1; b >= 0 && carry > 0; b--)
            {
                long sum = copy[b] + (carry & 0xFF);
                copy[b] = (byte)sum;
                carry = (carry >> 8) + (sum >> 8);
            }

            into.Add(new IPAddress(copy));
        }
    }
}

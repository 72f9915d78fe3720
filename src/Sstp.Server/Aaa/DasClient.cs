using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Sstp.Server.Aaa;

/// <summary>
/// A Dynamic Authorization Client (RFC 5176 §1.3: the RADIUS server or proxy that sends Disconnect- and
/// CoA-Requests) allowed to talk to our listener: requests are accepted only from <paramref name="Address"/>
/// (any source port) and are verified with <paramref name="Secret"/>. Never log the secret.
/// </summary>
/// <param name="Address">The client's source address; an IPv4-mapped IPv6 address matches its IPv4 form.</param>
/// <param name="Secret">The shared secret (RFC 2865 §3), raw octets.</param>
[SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "The agreed API carries the shared secret as raw octets, like the other RADIUS records.")]
public sealed record DasClient(IPAddress Address, byte[] Secret);

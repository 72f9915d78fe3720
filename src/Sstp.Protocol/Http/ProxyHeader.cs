using System.Net;

namespace Sstp.Protocol.Http;

/// <summary>
/// A parsed PROXY protocol header (INTEROP.md §9.2), produced by <see cref="ProxyProtocolParser.TryParse"/>.
/// Null endpoints mean "use the socket's own addresses": v2 LOCAL, v2 UNSPEC or UNIX families, v1 UNKNOWN.
/// </summary>
/// <param name="Version">1 (text) or 2 (binary); 0 in the default value.</param>
/// <param name="Command">LOCAL or PROXY (v1 headers are always PROXY).</param>
/// <param name="Source">The original client's address and port, or null.</param>
/// <param name="Destination">The address and port the client connected to, or null.</param>
/// <param name="Authority">The v2 PP2_TYPE_AUTHORITY TLV (the host name the client asked for, e.g. SNI), or null.</param>
public readonly record struct ProxyHeader(
    int Version, ProxyCommand Command, IPEndPoint? Source, IPEndPoint? Destination, string? Authority);

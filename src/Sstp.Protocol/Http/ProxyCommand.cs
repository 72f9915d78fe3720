namespace Sstp.Protocol.Http;

/// <summary>The command of a PROXY protocol header (INTEROP.md §9.2; low nibble of v2 byte 12).</summary>
public enum ProxyCommand
{
    /// <summary>LOCAL (0x0): the proxy's own connection, e.g. a health check; use the socket's addresses.</summary>
    Local = 0,

    /// <summary>PROXY (0x1): a relayed connection; the header's addresses, when present, are the real ones.</summary>
    Proxy = 1,
}

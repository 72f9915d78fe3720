namespace Sstp.Server.Configuration;

/// <summary><c>tunnel.write-merging</c>: whether queued data packets of a session share one TLS write.</summary>
public enum WriteMerging
{
    /// <summary>Merge, except for peers that look like sstpc (it reads one SSTP packet per TLS record).</summary>
    Auto,

    /// <summary>Merge for every peer.</summary>
    On,

    /// <summary>One SSTP packet per TLS record for every peer.</summary>
    Off,
}

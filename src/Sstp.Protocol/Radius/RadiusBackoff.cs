namespace Sstp.Protocol.Radius;

/// <summary>Retransmission wait policy of a <see cref="RadiusTransaction"/>.</summary>
public enum RadiusBackoff
{
    /// <summary>Every wait is <see cref="RadiusTransactionSettings.InitialTimeout"/>.</summary>
    Fixed,

    /// <summary>Each wait doubles, capped at <see cref="RadiusTransactionSettings.MaxTimeout"/>.</summary>
    Doubling,
}

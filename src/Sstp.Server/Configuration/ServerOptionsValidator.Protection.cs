namespace Sstp.Server.Configuration;

/// <summary>The checks on the protection limits (deadlines, per-source limits, bans, buffered memory).</summary>
public static partial class ServerOptionsValidator
{
    /// <summary>Smallest <c>limits.max-buffered</c> accepted: 1 MiB.</summary>
    public const long MinBuffered = 1L << 20;

    /// <summary>Largest <c>limits.max-buffered</c> accepted: 64 GiB.</summary>
    public const long MaxBuffered = 64L << 30;

    /// <summary>Largest <c>limits.max-pre-auth-per-source</c> accepted.</summary>
    public const int MaxPreAuthPerSourceLimit = 100_000;

    private static readonly TimeSpan MinPhaseTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxPhaseTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxSetupTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxBanTime = TimeSpan.FromDays(7);

    private static void CheckProtection(LimitsOptions limits, Action<ConfigKey, string> add)
    {
        CheckRange(limits.TlsHandshakeTimeout, MinPhaseTimeout, MaxPhaseTimeout, m => add(ConfigKeys.TlsHandshakeTimeout, m));
        CheckRange(limits.HttpRequestTimeout, MinPhaseTimeout, MaxPhaseTimeout, m => add(ConfigKeys.HttpRequestTimeout, m));
        CheckRange(limits.SetupTimeout, MinPhaseTimeout, MaxSetupTimeout, m => add(ConfigKeys.SetupTimeout, m));
        if (limits.MaxPreAuthPerSource is < 0 or > MaxPreAuthPerSourceLimit)
        {
            add(ConfigKeys.MaxPreAuthPerSource, $"{Num(limits.MaxPreAuthPerSource)} is out of range (0-{Num(MaxPreAuthPerSourceLimit)}; 0 = no limit)");
        }

        if (limits.BanTime != TimeSpan.Zero)
        {
            CheckRange(limits.BanTime, MinPhaseTimeout, MaxBanTime, m => add(ConfigKeys.BanTime, m + "; 0 = never ban"));
        }

        if (limits.MaxBuffered is < MinBuffered or > MaxBuffered)
        {
            add(ConfigKeys.MaxBuffered, $"{ByteSize.Format(limits.MaxBuffered)} is out of range ({ByteSize.Format(MinBuffered)}-{ByteSize.Format(MaxBuffered)})");
        }
    }
}

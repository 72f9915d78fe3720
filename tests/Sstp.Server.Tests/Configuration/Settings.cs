namespace Sstp.Server.Tests.Configuration;

/// <summary>Builds the key → values dictionaries the validator and loader take.</summary>
internal static class Settings
{
    public static Dictionary<string, IReadOnlyList<string>> Of(params (string Key, string Value)[] pairs)
    {
        var d = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in pairs)
        {
            d[key] = [value];
        }

        return d;
    }
}

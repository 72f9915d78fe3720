using System.Text;
using Microsoft.Extensions.Configuration;

namespace Sstp.Server.Configuration;

/// <summary>
/// Builds the configuration snapshot: embedded defaults, then the INI file (read by
/// Microsoft.Extensions.Configuration.Ini: <c>[section]</c> headers, <c>key = value</c> lines, comments
/// starting with <c>;</c> or <c>#</c>, lists comma-separated), then the command-line overlay (a key given
/// there replaces the file's value entirely), then <see cref="ServerOptionsValidator"/>.
/// </summary>
public static class ServerOptionsLoader
{
    /// <summary>The file read when <c>--config</c> is not given (only if it exists).</summary>
    public const string DefaultConfigPath = "/etc/sstp/sstp.conf";

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoOverlay =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// Loads from a file path plus the command-line overlay.
    /// </summary>
    /// <param name="configPath">The INI file, or null for none.</param>
    /// <param name="configRequired">
    /// True when the user named the file (<c>--config</c>): a missing file is an error. False for
    /// <see cref="DefaultConfigPath"/>: a missing file means "defaults only".
    /// </param>
    /// <param name="overlay">Key → values from the command line (see <see cref="ServerCommandOptions.GetOverlay"/>).</param>
    public static ServerOptionsLoadResult Load(
        string? configPath, bool configRequired, IReadOnlyDictionary<string, IReadOnlyList<string>>? overlay)
    {
        string? text = null;
        if (configPath is not null)
        {
            if (File.Exists(configPath))
            {
                try
                {
                    text = File.ReadAllText(configPath, Encoding.UTF8);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return Failed(new ConfigError(ConfigError.FileKey, $"cannot read '{configPath}': {e.Message}"));
                }
            }
            else if (configRequired)
            {
                return Failed(new ConfigError(ConfigError.FileKey, $"'{configPath}' does not exist"));
            }
        }

        return LoadFromText(text, overlay);
    }

    /// <summary>Loads from INI text (null for no file) plus the command-line overlay.</summary>
    public static ServerOptionsLoadResult LoadFromText(
        string? iniText, IReadOnlyDictionary<string, IReadOnlyList<string>>? overlay)
    {
        var settings = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (iniText is not null)
        {
            if (!TryReadIni(iniText, settings, out var error))
            {
                return Failed(error);
            }
        }

        foreach (var (key, values) in overlay ?? NoOverlay)
        {
            settings[key] = values;
        }

        var errors = ServerOptionsValidator.Validate(settings, out var options);
        return new ServerOptionsLoadResult(options, errors);
    }

    /// <summary>
    /// Reads INI text into <c>section.name → [value]</c>. Malformed text (a line that is neither a section, a
    /// comment nor <c>key = value</c>; a key given twice) gives one <see cref="ConfigError.FileKey"/> error.
    /// </summary>
    public static bool TryReadIni(
        string iniText, IDictionary<string, IReadOnlyList<string>> settings, out ConfigError error)
    {
        ArgumentNullException.ThrowIfNull(iniText);
        ArgumentNullException.ThrowIfNull(settings);
        IConfigurationRoot root;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(iniText));
            root = new ConfigurationBuilder().AddIniStream(stream).Build();
        }
        catch (FormatException e)
        {
            error = new ConfigError(ConfigError.FileKey, e.Message);
            return false;
        }

        foreach (var (path, value) in root.AsEnumerable(makePathsRelative: false))
        {
            if (value is null)
            {
                continue; // a section node, not a key
            }

            settings[path.Replace(':', '.').ToLowerInvariant()] = [value];
        }

        error = new ConfigError(ConfigError.FileKey, string.Empty);
        return true;
    }

    private static ServerOptionsLoadResult Failed(ConfigError error) => new(null, [error]);
}

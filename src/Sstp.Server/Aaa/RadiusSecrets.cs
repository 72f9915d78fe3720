using System.Net;
using System.Text;

namespace Sstp.Server.Aaa;

/// <summary>
/// The RADIUS secret file: one line <c>SECRET</c> for every server, or lines <c>ADDR SECRET</c> (a default line
/// may come with them). <c>#</c> starts a comment. The secret itself is never logged.
/// </summary>
public sealed class RadiusSecrets
{
    private readonly Dictionary<IPAddress, byte[]> _byAddress;
    private readonly byte[]? _default;

    private RadiusSecrets(Dictionary<IPAddress, byte[]> byAddress, byte[]? fallback)
    {
        _byAddress = byAddress;
        _default = fallback;
    }

    /// <summary>Parses the file's text; throws <see cref="FormatException"/> naming the line of a problem.</summary>
    public static RadiusSecrets Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var byAddress = new Dictionary<IPAddress, byte[]>();
        byte[]? fallback = null;
        int number = 0;
        foreach (string raw in text.Split('\n'))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && IPAddress.TryParse(parts[0], out var address))
            {
                if (!byAddress.TryAdd(address, Encoding.UTF8.GetBytes(parts[1])))
                {
                    throw new FormatException($"{source}:{number}: {address} has a secret already");
                }
            }
            else if (fallback is null)
            {
                fallback = Encoding.UTF8.GetBytes(line);
            }
            else
            {
                throw new FormatException($"{source}:{number}: a second default secret (write ADDR SECRET for per-server secrets)");
            }
        }

        if (fallback is null && byAddress.Count == 0)
        {
            throw new FormatException($"{source}: no secret in the file");
        }

        return new RadiusSecrets(byAddress, fallback);
    }

    /// <summary>Loads the file.</summary>
    public static RadiusSecrets Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>The secret for a server address; throws when there is none.</summary>
    public byte[] For(IPAddress address) =>
        _byAddress.TryGetValue(address, out var secret) ? secret
        : _default ?? throw new FormatException($"no RADIUS secret for {address} in the secret file");
}

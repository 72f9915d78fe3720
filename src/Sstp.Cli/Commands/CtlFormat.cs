using System.Globalization;
using System.Text;
using Sstp.Server.Control;

namespace Sstp.Cli.Commands;

/// <summary>The human-readable output of <c>sstp ctl</c>: aligned tables, sizes in K/M/G, durations in d/h/m/s.</summary>
public static class CtlFormat
{
    private static readonly string[] Headers = ["ID", "STATE", "USER", "PEER", "ADDRESSES", "METHOD", "TLS", "UPTIME", "IN", "OUT", "RATE"];

    /// <summary>The session table: a header and one aligned row per session, or a sentence when there is none.</summary>
    public static string Sessions(IReadOnlyList<ControlSession> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        if (sessions.Count == 0)
        {
            return "no sessions\n";
        }

        var rows = new List<string[]> { Headers };
        foreach (var s in sessions)
        {
            string addresses = string.Join(" ", new[] { s.IPv4, s.IPv6Prefix }.Where(a => a is not null));
            rows.Add(
            [
                s.Id.ToString(CultureInfo.InvariantCulture),
                s.State,
                s.User ?? "-",
                s.Peer ?? "-",
                addresses.Length == 0 ? "-" : addresses,
                s.AuthMethod ?? "-",
                Tls(s.TlsProtocol, s.TlsCipher),
                Duration(s.UptimeSeconds),
                Bytes(s.BytesIn),
                Bytes(s.BytesOut),
                s.RateLimit.Length == 0 ? "-" : s.RateLimit,
            ]);
        }

        return Table(rows, rightAligned: [0, 7, 8, 9]);
    }

    /// <summary>The <c>status</c> answer as "name: value" lines.</summary>
    public static string Status(ControlStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var lines = new List<(string, string)>
        {
            ("version", status.Version),
            ("uptime", $"{Duration(status.UptimeSeconds)} (since {status.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC)"),
            ("listeners", status.Listeners.Count == 0 ? "none (draining)" : string.Join(", ", status.Listeners)),
            ("tun", status.Tun),
        };
        if (status.Certificate is { } cert)
        {
            string left = cert.DaysLeft < 0 ? "EXPIRED" : string.Create(CultureInfo.InvariantCulture, $"{cert.DaysLeft} days left");
            lines.Add(("certificate", $"{cert.Subject}, valid until {cert.NotAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({left})"));
            foreach (string warning in cert.Warnings)
            {
                lines.Add(("warning", warning));
            }
        }

        lines.Add(("memory", Bytes(status.RssBytes) + " resident"));
        lines.Add(("sessions", string.Create(CultureInfo.InvariantCulture, $"{status.SessionsUp} up, {status.SessionsSetup} in setup")));
        string draining = !status.Draining ? "no"
            : status.DrainDeadline is { } deadline ? $"yes, remaining sessions closed at {deadline.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC"
            : "yes, no deadline";
        lines.Add(("draining", draining));
        if (status.MetricsListen is { } metrics)
        {
            lines.Add(("metrics", $"http://{metrics}/metrics, health http://{metrics}/health"));
        }

        int width = lines.Max(l => l.Item1.Length) + 1;
        var builder = new StringBuilder();
        foreach (var (name, value) in lines)
        {
            builder.Append((name + ":").PadRight(width + 2)).Append(value).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>A byte count with a binary unit: <c>512</c>, <c>1.5K</c>, <c>12.0M</c>, <c>3.21G</c>.</summary>
    public static string Bytes(long bytes)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture);
        }

        string[] units = ["K", "M", "G", "T"];
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        string format = value >= 100 ? "0" : value >= 10 ? "0.0" : "0.00";
        return value.ToString(format, CultureInfo.InvariantCulture) + units[unit];
    }

    /// <summary>A duration in its two largest units: <c>42s</c>, <c>5m07s</c>, <c>3h04m</c>, <c>2d05h</c>.</summary>
    public static string Duration(long seconds)
    {
        seconds = Math.Max(0, seconds);
        var t = TimeSpan.FromSeconds(seconds);
        return seconds switch
        {
            < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds}s"),
            < 3600 => string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m{t.Seconds:00}s"),
            < 86_400 => string.Create(CultureInfo.InvariantCulture, $"{t.Hours}h{t.Minutes:00}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{t.Days}d{t.Hours:00}h"),
        };
    }

    /// <summary>Columns padded to their widest cell, two spaces apart, the listed columns right-aligned.</summary>
    public static string Table(IReadOnlyList<string[]> rows, IReadOnlyCollection<int> rightAligned)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(rightAligned);
        int columns = rows.Max(r => r.Length);
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var builder = new StringBuilder();
        foreach (var row in rows)
        {
            var cells = new List<string>(columns);
            for (int i = 0; i < columns; i++)
            {
                string cell = i < row.Length ? row[i] : string.Empty;
                cells.Add(rightAligned.Contains(i) ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
            }

            builder.Append(string.Join("  ", cells).TrimEnd()).Append('\n');
        }

        return builder.ToString();
    }

    private static string Tls(string protocol, string cipher)
    {
        string version = protocol switch
        {
            "Tls13" => "TLS1.3",
            "Tls12" => "TLS1.2",
            _ => protocol,
        };
        return cipher.Length == 0 ? version : $"{version} {cipher}";
    }
}

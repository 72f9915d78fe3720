using System.Diagnostics.Metrics;
using System.Text;

namespace Sstp.Server.Diagnostics.Metrics;

/// <summary>
/// Collects the instruments of the given <see cref="Meter"/>s through a <see cref="MeterListener"/> and renders
/// them in the Prometheus text exposition format 0.0.4 (see <see cref="Render"/>).
/// </summary>
/// <remarks>
/// Counters, up-down counters and gauges keep one value per label set; histograms keep cumulative bucket
/// counts over the boundaries the instrument advises (<see cref="InstrumentAdvice{T}.HistogramBucketBoundaries"/>),
/// or <see cref="DefaultBuckets"/>, plus sum and count. Observable instruments are read at each render, and only
/// what they report then is shown. Instrument names are used as Prometheus names (invalid characters become
/// <c>_</c>); the description becomes <c># HELP</c>. Thread-safe: measurements may arrive from any thread while a
/// render runs; renders are serialised.
/// </remarks>
public sealed class PrometheusCollector : IDisposable
{
    /// <summary>Histogram boundaries in seconds used when an instrument advises none (Prometheus client defaults).</summary>
    public static IReadOnlyList<double> DefaultBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly HashSet<Meter> _meters;
    private readonly List<InstrumentSeries> _instruments = [];
    private readonly Lock _render = new();

    /// <summary>Starts listening to every instrument of <paramref name="meters"/>, those created later included.</summary>
    public PrometheusCollector(params IEnumerable<Meter> meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meters = [.. meters];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!_meters.Contains(instrument.Meter))
            {
                return;
            }

            var series = new InstrumentSeries(instrument);
            lock (_instruments)
            {
                _instruments.Add(series);
            }

            listener.EnableMeasurementEvents(instrument, series);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, state) => ((InstrumentSeries)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, state) => ((InstrumentSeries)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, state) => ((InstrumentSeries)state!).Record(v, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments and returns every series as Prometheus text (format 0.0.4).</summary>
    public string Render()
    {
        lock (_render)
        {
            InstrumentSeries[] instruments;
            lock (_instruments)
            {
                instruments = [.. _instruments];
            }

            foreach (var series in instruments)
            {
                series.BeginObservation();
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder(4096);
            foreach (var series in instruments)
            {
                series.WriteTo(text);
            }

            return text.ToString();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();

    /// <summary>Makes <paramref name="name"/> a valid Prometheus metric or label name (other characters become <c>_</c>).</summary>
    public static string SanitizeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            bool ok = char.IsAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && char.IsAsciiDigit(c));
            chars[i] = ok ? c : '_';
        }

        return new string(chars);
    }

    /// <summary>Escapes a label value: backslash, double quote and line feed (format 0.0.4).</summary>
    public static string EscapeLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>Formats a sample value: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c> or the shortest round-trip number.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };
}

using System.Diagnostics.Metrics;
using System.Text;

namespace Sstp.Server.Diagnostics.Metrics;

/// <summary>The series of one instrument, by label set, and how they are written as Prometheus text.</summary>
internal sealed class InstrumentSeries
{
    private readonly string _name;
    private readonly string? _help;
    private readonly Kind _kind;
    private readonly bool _observable;
    private readonly double[] _bounds;
    private readonly SortedDictionary<string, Sample> _series = new(StringComparer.Ordinal);

    public InstrumentSeries(Instrument instrument)
    {
        _name = PrometheusCollector.SanitizeName(instrument.Name);
        _help = instrument.Description;
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        _observable = instrument.IsObservable;
        _kind = definition == typeof(Histogram<>) ? Kind.Histogram
            : definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? Kind.Counter
            : definition == typeof(Gauge<>) || definition == typeof(ObservableGauge<>) ? Kind.Gauge
            : Kind.Sum;
        _bounds = _kind == Kind.Histogram ? BoundsOf(instrument) : [];
    }

    private enum Kind
    {
        /// <summary>Monotonic: added up, written as a counter.</summary>
        Counter,

        /// <summary>Up-down counter: added up, written as a gauge.</summary>
        Sum,

        /// <summary>Last value, written as a gauge.</summary>
        Gauge,

        /// <summary>Bucketed distribution.</summary>
        Histogram,
    }

    /// <summary>Before the observable instruments are read: forget their previous values.</summary>
    public void BeginObservation()
    {
        if (_observable)
        {
            lock (_series)
            {
                _series.Clear();
            }
        }
    }

    /// <summary>One measurement (any thread).</summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string labels = Labels(tags);
        lock (_series)
        {
            if (!_series.TryGetValue(labels, out var sample))
            {
                sample = new Sample(_kind == Kind.Histogram ? _bounds.Length + 1 : 0);
                _series[labels] = sample;
            }

            switch (_kind)
            {
                case Kind.Histogram:
                    int bucket = 0;
                    while (bucket < _bounds.Length && value > _bounds[bucket])
                    {
                        bucket++;
                    }

                    sample.Buckets[bucket]++;
                    sample.Count++;
                    sample.Value += value;
                    break;
                case Kind.Gauge:
                    sample.Value = value;
                    break;
                default:
                    // Observable counters report their running total; pushed ones report increments.
                    sample.Value = _observable ? value : sample.Value + value;
                    break;
            }
        }
    }

    /// <summary>Writes HELP, TYPE and every series.</summary>
    public void WriteTo(StringBuilder text)
    {
        if (!string.IsNullOrEmpty(_help))
        {
            text.Append("# HELP ").Append(_name).Append(' ')
                .Append(_help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        }

        text.Append("# TYPE ").Append(_name).Append(' ')
            .Append(_kind switch { Kind.Counter => "counter", Kind.Histogram => "histogram", _ => "gauge" }).Append('\n');
        lock (_series)
        {
            foreach (var (labels, sample) in _series)
            {
                if (_kind == Kind.Histogram)
                {
                    WriteHistogram(text, labels, sample);
                }
                else
                {
                    WriteSample(text, _name, labels, null, sample.Value);
                }
            }
        }
    }

    private void WriteHistogram(StringBuilder text, string labels, Sample sample)
    {
        long cumulative = 0;
        for (int i = 0; i <= _bounds.Length; i++)
        {
            cumulative += sample.Buckets[i];
            string le = i < _bounds.Length ? PrometheusCollector.FormatValue(_bounds[i]) : "+Inf";
            WriteSample(text, _name + "_bucket", labels, le, cumulative);
        }

        WriteSample(text, _name + "_sum", labels, null, sample.Value);
        WriteSample(text, _name + "_count", labels, null, sample.Count);
    }

    private static void WriteSample(StringBuilder text, string name, string labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                text.Append(labels.Length > 0 ? "," : string.Empty).Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(PrometheusCollector.FormatValue(value)).Append('\n');
    }

    /// <summary>The label set as written between the braces, sorted by name so equal sets share a series.</summary>
    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>(tags.Length);
        foreach (var tag in tags)
        {
            pairs.Add((PrometheusCollector.SanitizeName(tag.Key), Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
        }

        pairs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var text = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            text.Append(text.Length > 0 ? "," : string.Empty).Append(name).Append("=\"").Append(PrometheusCollector.EscapeLabelValue(value)).Append('"');
        }

        return text.ToString();
    }

    private static double[] BoundsOf(Instrument instrument)
    {
        IReadOnlyList<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            _ => null,
        };
        return [.. (advised ?? PrometheusCollector.DefaultBuckets).Order().Distinct()];
    }

    private sealed class Sample(int buckets)
    {
        public double Value;
        public long Count;
        public readonly long[] Buckets = new long[buckets];
    }
}

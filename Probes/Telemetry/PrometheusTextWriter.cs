using System.Globalization;
using System.Text;

namespace AmbientVerify.Probes.Telemetry;

/// <summary>The metric types the text format's <c># TYPE</c> line names (those this project writes).</summary>
public enum PrometheusType
{
    Gauge,
    Counter,
    Histogram,
}

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4: per metric one <c># HELP</c> and one <c># TYPE</c> line, then
/// its samples. Label values are escaped as the format says (backslash, double quote, line feed), HELP text too
/// (backslash, line feed). A metric or label name the format does not allow, a metric begun twice, or a sample that is
/// not of the metric begun last is a bug of the caller and throws, so no invalid file is ever written.
/// </summary>
public sealed class PrometheusTextWriter
{
    /// <summary>The media type a Pushgateway or Prometheus reads this text as.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _begun = new(StringComparer.Ordinal);
    private (string Name, PrometheusType Type)? _current;

    /// <summary>Begins a metric: its HELP and TYPE lines.</summary>
    /// <exception cref="ArgumentException">The name is not a metric name, or the metric was begun before.</exception>
    public PrometheusTextWriter Metric(string name, PrometheusType type, string help)
    {
        RequireMetricName(name);
        if (!_begun.Add(name))
        {
            throw new ArgumentException($"metric {name} was already written: HELP and TYPE come once per metric", nameof(name));
        }

        _current = (name, type);
        _text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type.ToString().ToLowerInvariant()).Append('\n');
        return this;
    }

    /// <summary>A sample of the metric begun last; <paramref name="suffix"/> is a histogram's "_bucket", "_sum" or "_count".</summary>
    /// <exception cref="ArgumentException">A label name is not one, repeats, or the sample is not of the current metric.</exception>
    public PrometheusTextWriter Sample(IEnumerable<KeyValuePair<string, string>> labels, double value, string suffix = "")
    {
        if (_current is not { } current)
        {
            throw new InvalidOperationException("a sample needs a metric begun first");
        }

        if (suffix.Length > 0 && (current.Type != PrometheusType.Histogram || suffix is not ("_bucket" or "_sum" or "_count")))
        {
            throw new ArgumentException($"suffix {suffix} does not belong to the {current.Type.ToString().ToLowerInvariant()} {current.Name}", nameof(suffix));
        }

        _text.Append(current.Name).Append(suffix);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var first = true;
        foreach (var (name, labelValue) in labels)
        {
            RequireLabelName(name);
            if (!seen.Add(name))
            {
                throw new ArgumentException($"label {name} is given twice on {current.Name}", nameof(labels));
            }

            _text.Append(first ? '{' : ',').Append(name).Append("=\"").Append(EscapeLabelValue(labelValue)).Append('"');
            first = false;
        }

        if (!first)
        {
            _text.Append('}');
        }

        _text.Append(' ').Append(Number(value)).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>A label value as the text format writes it between quotes.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private static string EscapeHelp(string help) =>
        help.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    /// <summary>Go's float syntax as Prometheus reads it: shortest round trip, +Inf, -Inf, NaN.</summary>
    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary><c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsMetricName(string name) =>
        name.Length > 0 && name.Select((c, i) => char.IsAsciiLetter(c) || c is '_' or ':' || (i > 0 && char.IsAsciiDigit(c))).All(ok => ok);

    /// <summary><c>[a-zA-Z_][a-zA-Z0-9_]*</c>, not beginning with "__" (reserved for Prometheus' own use).</summary>
    public static bool IsLabelName(string name) =>
        name.Length > 0 && !name.StartsWith("__", StringComparison.Ordinal)
        && name.Select((c, i) => char.IsAsciiLetter(c) || c == '_' || (i > 0 && char.IsAsciiDigit(c))).All(ok => ok);

    private static void RequireMetricName(string name)
    {
        if (!IsMetricName(name))
        {
            throw new ArgumentException($"'{name}' is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)", nameof(name));
        }
    }

    private static void RequireLabelName(string name)
    {
        if (!IsLabelName(name))
        {
            throw new ArgumentException($"'{name}' is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not beginning with __)", nameof(name));
        }
    }
}

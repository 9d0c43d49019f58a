using System.Globalization;
using System.Text;

namespace AmbientVerify.Probes.Inspection;

/// <summary>
/// A small reader of the Prometheus text exposition format (0.0.4): enough for ztunnel's and Envoy's /metrics.
/// Comments (# HELP, # TYPE) and blank lines are skipped; an optional timestamp after the value is ignored.
/// </summary>
public static class PrometheusText
{
    /// <param name="names">Keep only samples whose metric name passes this filter (all when null).</param>
    /// <exception cref="FormatException">A line is not a sample (the message gives its number and text).</exception>
    public static IReadOnlyList<MetricSample> Parse(string text, Func<string, bool>? names = null)
    {
        var samples = new List<MetricSample>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var sample = ParseLine(line) ?? throw new FormatException($"metrics line {lineNumber} is not a Prometheus sample: '{line}'");
            if (names is null || names(sample.Name))
            {
                samples.Add(sample);
            }
        }

        return samples;
    }

    private static MetricSample? ParseLine(string line)
    {
        var position = 0;
        while (position < line.Length && IsNameChar(line[position], position == 0))
        {
            position++;
        }

        if (position == 0)
        {
            return null;
        }

        var name = line[..position];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            if (!ReadLabels(line, ref position, labels))
            {
                return null;
            }
        }

        var rest = line[position..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return rest.Length is 1 or 2 && TryParseValue(rest[0], out var value) ? new MetricSample(name, labels, value) : null;
    }

    /// <summary>Reads label="value" pairs up to and including the closing brace.</summary>
    private static bool ReadLabels(string line, ref int position, Dictionary<string, string> labels)
    {
        while (true)
        {
            SkipSpaces(line, ref position);
            if (position >= line.Length)
            {
                return false;
            }

            if (line[position] == '}')
            {
                position++;
                return true;
            }

            var start = position;
            while (position < line.Length && IsNameChar(line[position], position == start))
            {
                position++;
            }

            var labelName = line[start..position];
            SkipSpaces(line, ref position);
            if (labelName.Length == 0 || position + 1 >= line.Length || line[position] != '=' || line[position + 1] != '"')
            {
                return false;
            }

            position += 2;
            var value = new StringBuilder();
            while (position < line.Length && line[position] != '"')
            {
                if (line[position] == '\\' && position + 1 < line.Length)
                {
                    position++;
                    value.Append(line[position] switch { 'n' => '\n', var c => c });
                }
                else
                {
                    value.Append(line[position]);
                }

                position++;
            }

            if (position >= line.Length)
            {
                return false;
            }

            position++;
            labels[labelName] = value.ToString();
            SkipSpaces(line, ref position);
            if (position < line.Length && line[position] == ',')
            {
                position++;
            }
        }
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static void SkipSpaces(string line, ref int position)
    {
        while (position < line.Length && line[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static bool IsNameChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (!first && c is >= '0' and <= '9');
}

using System.Text.RegularExpressions;

namespace AmbientVerify.TestSupport.Grafana;

/// <summary>
/// A panel's expression with its variables replaced as Grafana's Prometheus data source does before it queries:
/// a variable at All becomes its custom All value as it is (<c>.*</c>); a chosen value is regex-escaped, because these
/// variables are multi-value and sit in <c>=~</c> matchers (grafana/grafana's Prometheus data source,
/// packages/grafana-prometheus, <c>interpolateQueryExpr</c> and <c>prometheusSpecialRegexEscape</c>, classic behaviour:
/// a backslash doubled twice, then each of <c>$^*{}[]+?.()|</c> preceded by an escaped backslash). <c>$__rate_interval</c>, <c>$__interval</c> and
/// <c>$__range</c> get the durations given.
/// </summary>
public static partial class PanelQuery
{
    /// <summary>What the dashboard's variables stand for in one evaluation.</summary>
    /// <param name="Chosen">Variables set to one value; every other one is at its All value.</param>
    public sealed record Selection(IReadOnlyDictionary<string, string> Chosen, string RateInterval = "1m", string Range = "1h")
    {
        public static Selection All { get; } = new(new Dictionary<string, string>());

        public static Selection Of(string variable, string value) => new(new Dictionary<string, string> { [variable] = value });

        public override string ToString() => Chosen.Count == 0 ? "every variable at All" : string.Join(", ", Chosen.Select(c => $"${c.Key}={c.Value}"));
    }

    /// <exception cref="ArgumentException">The expression names a variable the dashboard does not define, or one without an All value.</exception>
    public static string Expand(string expr, GrafanaDashboard dashboard, Selection selection)
    {
        var builtIns = new Dictionary<string, string>
        {
            ["__rate_interval"] = selection.RateInterval, ["__interval"] = selection.RateInterval, ["__range"] = selection.Range,
        };
        return PanelTarget.VariableReference().Replace(expr, m =>
        {
            var name = m.Groups["name"].Value;
            if (builtIns.TryGetValue(name, out var builtIn))
            {
                return builtIn;
            }

            if (selection.Chosen.TryGetValue(name, out var value))
            {
                return RegexEscape(value);
            }

            var variable = dashboard.Variable(name) ?? throw new ArgumentException($"{dashboard.File}: ${name} is not a variable of the dashboard");
            return variable.AllValue ?? throw new ArgumentException($"{dashboard.File}: ${name} has no All value (allValue)");
        });
    }

    /// <summary>Grafana's <c>prometheusSpecialRegexEscape</c>, for a value inside a PromQL string in a <c>=~</c> matcher.</summary>
    public static string RegexEscape(string value) =>
        RegexSpecial().Replace(value.Replace("\\", "\\\\\\\\", StringComparison.Ordinal), m => "\\\\" + m.Value);

    [GeneratedRegex(@"[$^*{}\[\]+?.()|]")]
    private static partial Regex RegexSpecial();
}

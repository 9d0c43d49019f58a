using AmbientVerify.TestSupport.Prometheus;

namespace AmbientVerify.TestSupport.Grafana;

/// <summary>
/// Evaluates a dashboard's panel queries through Prometheus' HTTP API as Grafana would: every variable at All, then
/// each variable the query names at a value its own <c>label_values</c> query offers (so a renamed label, which
/// <c>=~".*"</c> would still match, empties the result). Every problem names the dashboard, the panel, the query and
/// the selection, so a failing test says which panel a renamed metric or label broke.
/// </summary>
public sealed class DashboardEvaluation(PrometheusHttpApi prometheus)
{
    /// <summary>What must hold for one panel.</summary>
    /// <param name="Labels">
    /// Labels every series of the panel's first query must carry, beside the ones its legend names (a panel's further
    /// queries are reference lines such as <c>vector(4)</c>, held to their legends only).
    /// </param>
    public sealed record Expectation(IReadOnlyList<string> Labels);

    /// <summary>
    /// The problems of every panel <paramref name="expectations"/> names (a panel it does not name is a problem too,
    /// so a new panel cannot go untested); an empty list when every query gives data with the expected labels.
    /// </summary>
    /// <param name="expectations">By panel title; null to skip a panel evaluated elsewhere (it must still be listed).</param>
    /// <param name="emptyHere">Variables whose label_values are expected to be empty on this Prometheus (e.g. namespace, only on pushed groups).</param>
    public async Task<IReadOnlyList<string>> ProblemsAsync(GrafanaDashboard dashboard, IReadOnlyDictionary<string, Expectation?> expectations,
        IReadOnlySet<string> emptyHere, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var values = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var variable in dashboard.Variables.Where(v => v.Type == "query"))
        {
            if (variable.LabelValues is not var (selector, label))
            {
                problems.Add($"{dashboard.File}: variable ${variable.Name}: its query {variable.Definition} is not label_values(selector, label)");
                continue;
            }

            var match = PanelQuery.Expand(selector, dashboard, PanelQuery.Selection.All);
            values[variable.Name] = await prometheus.LabelValuesAsync(label, match, cancellationToken).ConfigureAwait(false);
            var empty = values[variable.Name].Count == 0;
            if (empty != emptyHere.Contains(variable.Name))
            {
                problems.Add($"{dashboard.File}: variable ${variable.Name}: label_values({match}, {label}) gives " +
                             (empty ? "no value" : $"[{string.Join(", ", values[variable.Name])}], expected none here"));
            }
        }

        foreach (var panel in dashboard.Panels)
        {
            if (!expectations.TryGetValue(panel.Title, out var expectation))
            {
                problems.Add($"{dashboard.File}: {panel}: no expectation for it in the test");
                continue;
            }

            if (expectation is null)
            {
                continue;
            }

            foreach (var target in panel.Targets)
            {
                problems.AddRange(await TargetProblemsAsync(dashboard, panel, target, expectation, values, cancellationToken).ConfigureAwait(false));
            }
        }

        problems.AddRange(expectations.Keys.Where(title => dashboard.Panels.All(p => p.Title != title))
            .Select(title => $"{dashboard.File}: the test expects a panel \"{title}\" the dashboard does not have"));
        return problems;
    }

    private async Task<IReadOnlyList<string>> TargetProblemsAsync(GrafanaDashboard dashboard, DashboardPanel panel, PanelTarget target,
        Expectation expectation, IReadOnlyDictionary<string, IReadOnlyList<string>> values, CancellationToken cancellationToken)
    {
        var where = $"{dashboard.File}: {panel} query {target.RefId} `{target.Expr}`";
        var problems = new List<string>();
        var (all, error) = await EvaluateAsync(dashboard, target, PanelQuery.Selection.All, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return [$"{where}: {error}"];
        }

        if (all.Count == 0)
        {
            return [$"{where}, every variable at All: no data"];
        }

        if (all.All(s => !double.IsFinite(s.Value)))
        {
            problems.Add($"{where}, every variable at All: no finite value in [{string.Join(", ", all.Take(3))}]");
        }

        foreach (var label in target.LegendLabels.Concat(target == panel.Targets[0] ? expectation.Labels : []).Distinct())
        {
            if (all.FirstOrDefault(s => s[label] is null) is { } without)
            {
                problems.Add($"{where}, every variable at All: {without} has no label {label} (legend \"{target.LegendFormat}\")");
            }
        }

        // One chosen value per variable: the first of its values that gives this query data. None giving any means the
        // query's matcher names a label its series do not have (with All, =~".*" matches a missing label too).
        foreach (var name in target.Variables.Where(n => values.TryGetValue(n, out var v) && v.Count > 0))
        {
            var found = false;
            foreach (var value in values[name])
            {
                var (series, _) = await EvaluateAsync(dashboard, target, PanelQuery.Selection.Of(name, value), cancellationToken).ConfigureAwait(false);
                if (series.Count > 0)
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                problems.Add($"{where}: no value of ${name} ({string.Join(", ", values[name].Take(5))}{(values[name].Count > 5 ? ", …" : "")}) gives data");
            }
        }

        return problems;
    }

    private async Task<(IReadOnlyList<PromSample> Series, string? Error)> EvaluateAsync(GrafanaDashboard dashboard, PanelTarget target,
        PanelQuery.Selection selection, CancellationToken cancellationToken)
    {
        try
        {
            var expr = PanelQuery.Expand(target.Expr, dashboard, selection);
            return (await prometheus.QueryAsync(expr, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            return ([], error.Message);
        }
    }
}

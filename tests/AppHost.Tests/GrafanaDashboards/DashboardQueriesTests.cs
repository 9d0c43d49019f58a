using AmbientVerify.TestSupport.Grafana;
using Expectation = AmbientVerify.TestSupport.Grafana.DashboardEvaluation.Expectation;

namespace AmbientVerify.AppHost.Tests.GrafanaDashboards;

/// <summary>
/// Issue 11 part 3: every panel query of every dashboard in deploy/grafana/dashboards, evaluated through the HTTP API of
/// the Prometheus a real dashboard run started (<see cref="ScrapedLocalRun"/>: local mesh, probes, a short load), with
/// its variables at All and at a value each variable's own label_values query offers: each must give data with the
/// labels its legend names and the ones listed here. A renamed metric or label breaks it (the last tests show how).
/// </summary>
[Collection(nameof(ShortCompareCollection))]
public sealed class DashboardQueriesTests(ScrapedLocalRun run, ITestOutputHelper output) : IClassFixture<ScrapedLocalRun>
{
    /// <summary>namespace is a grouping label of pushed gate groups only: GatePushgatewayPrometheusTests evaluates it.</summary>
    private static readonly IReadOnlySet<string> EmptyLocally = new HashSet<string> { "namespace" };

    /// <summary>
    /// Per dashboard uid, per panel title: the labels its first query's series must carry beyond its legend's, or null
    /// for a panel whose source a local run does not have (the gate's Pushgateway metrics: GatePushgatewayPrometheusTests).
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, Expectation?>> Expectations = new()
    {
        ["ambientverify-verdicts"] = new()
        {
            ["Passing"] = new([]),
            ["Results by check and verdict"] = new(["check", "verdict"]),
            ["Verdicts over time (per check, case and route)"] = new(["check", "case", "route", "target", "mode"]),
            ["Observed tries (expected 4 where the retry policy applies)"] = new(["case", "route"]),
            ["Observed request timeout (expected 30 s)"] = new(["route"]),
            ["Probe latency through the gateway (p50, p95, p99)"] = new(["route"]),
            ["Inbound connections by security policy"] = new(["destination_workload", "connection_security_policy"]),
            ["Inbound bytes by security policy"] = new(["destination_workload", "connection_security_policy"]),
            ["Connections by identity"] = new(["source_principal", "destination_principal", "connection_security_policy"]),
            ["mTLS, capture and plaintext checks"] = new(["check"]),
            ["Gate exit code"] = null,
            ["Age of the last gate run"] = null,
        },
        ["ambientverify-sidecar-vs-ambient"] = new()
        {
            ["Dataplane memory by mode, component and basis"] = new(["mode", "component", "basis"]),
            ["Dataplane CPU by mode, component and basis (cores)"] = new(["mode", "component", "basis"]),
            ["Memory saved by requests"] = new(["basis", "kind"]),
            ["Memory saved by usage"] = new(["basis", "kind"]),
            ["CPU saved by requests (cores)"] = new(["basis", "kind"]),
            ["CPU saved by usage (cores)"] = new(["basis", "kind"]),
            ["Load latency by quantile (p50 … p99.9, max)"] = new(["scenario", "mode", "quantile"]),
            ["Load requests per second"] = new(["scenario", "mode"]),
        },
    };

    private static GrafanaDashboard Verdicts => GrafanaDashboard.WithUid("ambientverify-verdicts");

    private Task<IReadOnlyList<string>> ProblemsAsync(GrafanaDashboard dashboard) =>
        new DashboardEvaluation(run.Prometheus).ProblemsAsync(dashboard, Expectations[dashboard.Uid], EmptyLocally, TestContext.Current.CancellationToken);

    /// <summary>The verdicts dashboard with <paramref name="from"/> replaced by <paramref name="to"/> in its strings, as a rename would leave it.</summary>
    private static GrafanaDashboard VerdictsWith(string from, string to)
    {
        var text = File.ReadAllText(Path.Combine(GrafanaDashboard.Directory, Verdicts.File));
        static string InJson(string s) => s.Replace("\"", "\\\"", StringComparison.Ordinal);
        Assert.Contains(InJson(from), text);
        return GrafanaDashboard.Parse(text.Replace(InJson(from), InJson(to), StringComparison.Ordinal), Verdicts.File);
    }

    [Fact]
    public async Task Every_panel_query_of_every_dashboard_gives_data_with_the_expected_labels()
    {
        output.WriteLine($"the short compare took {run.Compared.TotalSeconds:0} s; the dashboard run's first matrix run was scraped {run.Ready.TotalSeconds:0} s after it started");
        var dashboards = GrafanaDashboard.LoadAll();
        Assert.Equal(Expectations.Keys.Order(), dashboards.Select(d => d.Uid).Order());

        var problems = new List<string>();
        foreach (var dashboard in dashboards)
        {
            problems.AddRange(await ProblemsAsync(dashboard));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_identity_panel_shows_every_routed_workload_reached_over_mutual_tls_by_the_gateway()
    {
        var query = PanelQuery.Expand(Verdicts.Panel("Connections by identity").Targets[0].Expr, Verdicts, PanelQuery.Selection.All);

        var series = await run.Prometheus.QueryAsync(query, TestContext.Current.CancellationToken);

        // The six services of the ambient sample, each from the gateway's identity (Istio's automated deployment), none in plaintext.
        Assert.Equal(["customer-service", "order-service", "payment-service", "product-service", "saga-tracker", "store-service"],
            series.Select(s => s["destination_principal"]!["spiffe://cluster.local/ns/ecommerce/sa/".Length..]).Order(StringComparer.Ordinal));
        Assert.All(series, s => Assert.Equal(("mutual_tls", "spiffe://cluster.local/ns/ecommerce/sa/ecommerce-gateway-istio"),
            (s["connection_security_policy"], s["source_principal"])));
    }

    [Fact]
    public async Task The_savings_panel_shows_the_comparisons_net_memory_saving_by_requests()
    {
        var comparison = GrafanaDashboard.WithUid("ambientverify-sidecar-vs-ambient");
        var query = PanelQuery.Expand(comparison.Panel("Memory saved by requests").Targets[0].Expr, comparison, PanelQuery.Selection.All);

        var series = await run.Prometheus.QueryAsync(query, TestContext.Current.CancellationToken);

        // compare.md's "18 × 128 Mi − 3 × (512 Mi + 100 Mi) = 468 Mi" (CompareTests), as the stat panel shows it.
        Assert.Equal(["added", "gross", "net"], series.Select(s => s["kind"]).Order(StringComparer.Ordinal));
        Assert.Equal(468.0 * 1024 * 1024, Assert.Single(series, s => s["kind"] == "net").Value);
    }

    [Fact]
    public async Task A_renamed_metric_empties_its_panel_and_the_message_names_the_dashboard_the_panel_and_the_query()
    {
        var renamed = VerdictsWith("ambientverify_observed_tries{", "ambientverify_observed_attempts{");

        var problems = await ProblemsAsync(renamed);

        var panel = renamed.Panel("Observed tries (expected 4 where the retry policy applies)");
        var problem = Assert.Single(problems);
        Assert.Equal($"ambientverify-verdicts.json: panel {panel.Id} \"Observed tries (expected 4 where the retry policy applies)\" query A " +
                     "`ambientverify_observed_attempts{namespace=~\"$namespace\",route=~\"$route\"}`, every variable at All: no data", problem);
    }

    [Fact]
    public async Task A_label_renamed_in_a_legend_is_missing_on_the_series_and_the_message_names_the_label()
    {
        var renamed = VerdictsWith("{{source_principal}}", "{{source_identity}}");

        var problems = await ProblemsAsync(renamed);

        var problem = Assert.Single(problems);
        Assert.StartsWith($"ambientverify-verdicts.json: {renamed.Panel("Connections by identity")} query A `sum by (source_principal, destination_principal, " +
                          "connection_security_policy) (istio_tcp_connections_opened_total{", problem);
        Assert.EndsWith("has no label source_identity (legend \"{{source_identity}} {{destination_principal}} {{connection_security_policy}}\")", problem);
    }

    [Fact]
    public async Task A_label_renamed_in_a_matcher_is_found_by_a_chosen_value_although_all_still_matches()
    {
        // subject=~".*" matches every series (a missing label is the empty string), so only a chosen value shows it.
        var renamed = VerdictsWith("ambientverify_observed_timeout_seconds{namespace=~\"$namespace\",route=~\"$route\"}",
            "ambientverify_observed_timeout_seconds{namespace=~\"$namespace\",subject=~\"$route\"}");

        var problems = await ProblemsAsync(renamed);

        var problem = Assert.Single(problems);
        Assert.Contains("\"Observed request timeout (expected 30 s)\" query A `ambientverify_observed_timeout_seconds{namespace=~\"$namespace\",subject=~\"$route\"}`: " +
                        "no value of $route (", problem);
        Assert.EndsWith(") gives data", problem);
    }
}

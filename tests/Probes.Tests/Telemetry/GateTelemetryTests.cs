using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Telemetry;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Tests.Telemetry;

/// <summary>
/// <c>gate</c> exports its spans, check metrics and logs over OTLP (http/protobuf) to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, flushed
/// before it returns, and sends nothing when the variable is not set.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class GateTelemetryTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "probes-gate-otlp-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    private async Task<int> GateAsync()
    {
        await using var gateway = await FakeGateway.StartAsync(Gateways.Honest);
        return await ProbesCommandLine.Create()
            .Parse(["gate", "--gateway", gateway.Address.ToString(), "--manifests", Repository.Sample("ambient"), "--output", _output, .. Gateways.ShortPolicyArguments])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task With_the_endpoint_set_the_gate_exports_its_spans_with_the_case_ids_and_its_logs()
    {
        await using var collector = await OtlpCollector.StartAsync();
        using (ProcessEnvironment.Set((GateTelemetry.EndpointVariable, collector.Address.ToString()), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")))
        {
            await GateAsync();
        }

        var traces = collector.Bodies("/v1/traces");
        var logs = collector.Bodies("/v1/logs");
        Assert.NotEmpty(traces);
        Assert.All(traces, body => Assert.NotEmpty(body));
        Assert.Contains(traces, body => Contains(body, SpanAttributes.RunSpan));
        Assert.Contains(traces, body => Contains(body, "probe route-answers"));
        Assert.Contains(traces, body => Contains(body, GateTelemetry.ServiceName));
        Assert.NotEmpty(logs);
        Assert.Contains(logs, body => Contains(body, "Run started: target local"));
    }

    [Fact]
    public async Task With_the_endpoint_set_the_gate_exports_its_check_metrics_one_series_per_result_as_the_report_judged_them()
    {
        await using var collector = await OtlpCollector.StartAsync();
        using (ProcessEnvironment.Set((GateTelemetry.EndpointVariable, collector.Address.ToString()), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")))
        {
            await GateAsync();
        }

        // What the gate judged, from its own report.json: the metrics must say the same.
        var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, ReportFiles.Json))).RootElement.GetProperty("results").EnumerateArray()
            .Select(r => (Case: r.GetProperty("caseId").GetString(), Verdict: r.GetProperty("verdict").GetString())).ToList();
        var bodies = collector.Bodies("/v1/metrics");
        Assert.NotEmpty(bodies);
        // Cumulative series: should a later export (the shutdown's final collect) repeat a series, its last value is the one.
        var points = bodies.SelectMany(OtlpMetricsBody.Points)
            .GroupBy(p => p.Metric + "{" + string.Join(",", p.Attributes.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}")) + "}")
            .Select(series => series.Last()).ToList();
        Assert.Subset(points.Select(p => p.Metric).ToHashSet(),
            new HashSet<string> { ProbeMetricNames.CheckPassed, ProbeMetricNames.CheckRuns, ProbeMetricNames.ProbeRequestDuration, ProbeMetricNames.ObservedTries });

        var passed = points.Where(p => p.Metric == ProbeMetricNames.CheckPassed).ToList();
        Assert.Equal(results.Count(r => r.Verdict == "pass"), passed.Count(p => p.Value == 1));
        Assert.Equal(results.Count(r => r.Verdict != "pass"), passed.Count(p => p.Value == 0));
        Assert.Contains(passed, p => p.Attributes[ProbeMetricNames.CaseLabel] == "route-answers" && p.Attributes[ProbeMetricNames.TargetLabel] == "local" && p.Value == 1);
        var runs = points.Where(p => p.Metric == ProbeMetricNames.CheckRuns).ToList();
        Assert.Equal(results.Count, runs.Sum(p => p.Value));
        Assert.Equal(results.Count(r => r.Verdict == "error"), runs.Where(p => p.Attributes[ProbeMetricNames.VerdictLabel] == "error").Sum(p => p.Value));
    }

    [Fact]
    public async Task Without_the_endpoint_the_gate_sends_nothing()
    {
        await using var collector = await OtlpCollector.StartAsync();
        using (ProcessEnvironment.Set((GateTelemetry.EndpointVariable, null), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")))
        {
            await GateAsync();
        }

        Assert.Empty(collector.Requests);
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>A loopback OTLP/HTTP receiver: keeps every POST's path and body, answers an empty (valid) export response.</summary>
    private sealed class OtlpCollector(WebApplication app, Uri address, ConcurrentQueue<(string Path, byte[] Body)> requests) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public IReadOnlyList<(string Path, byte[] Body)> Requests => [.. requests];

        public IReadOnlyList<byte[]> Bodies(string path) => [.. requests.Where(r => r.Path == path).Select(r => r.Body)];

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
            var app = builder.Build();
            var requests = new ConcurrentQueue<(string Path, byte[] Body)>();
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                requests.Enqueue((context.Request.Path.Value ?? "", body.ToArray()));
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            return new OtlpCollector(app, new Uri(app.Urls.First()), requests);
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}

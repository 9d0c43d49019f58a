using System.Collections.Concurrent;
using System.Net;
using System.Text;
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
/// <c>gate</c> exports its spans and logs over OTLP (http/protobuf) to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, flushed
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

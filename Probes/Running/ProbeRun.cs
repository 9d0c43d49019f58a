using AmbientVerify.Manifests;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Reporting;
using AmbientVerify.Probes.Verdicts;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Running;

/// <summary>
/// One complete run: read the manifests, find the main gateway's routes, audit the configuration, run the matrix.
/// Anything that stops the run from starting becomes the report's <see cref="RunReport.Problem"/> (gate exit 2).
/// </summary>
public sealed class ProbeRun(HttpClient http, TimeProvider time, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<ProbeRun>();

    public async Task<RunReport> ExecuteAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        RunReport Report(IReadOnlyList<CheckResult> results, string? problem = null) => new(
            settings.Target, settings.Expect.ToString().ToLowerInvariant(), settings.Gateway.ToString(),
            settings.ManifestsDirectory, started, time.GetElapsedTime(clock), results, problem);

        var invalid = settings.Expectations.Validate().Concat(settings.Runner.Validate()).ToList();
        if (invalid.Count > 0)
        {
            return Report([], "invalid options: " + string.Join("; ", invalid));
        }

        MeshManifests manifests;
        IReadOnlyList<GatewayRoute> routes;
        try
        {
            manifests = MeshManifests.LoadDirectory(settings.ManifestsDirectory);
            var gateway = GatewayRoutes.SelectMainGateway(manifests, settings.GatewayName);
            routes = GatewayRoutes.Resolve(manifests, gateway);
            if (routes.Count == 0)
            {
                return Report([], $"Gateway {gateway.Ref} serves no route with a backend: nothing to probe");
            }
        }
        catch (ManifestException e)
        {
            return Report([], $"manifests could not be read: {e.Message}");
        }

        if (await UnreachableAsync(settings.Gateway, cancellationToken).ConfigureAwait(false) is { } unreachable)
        {
            return Report([], unreachable);
        }

        var audit = ConfigAudit.Run(manifests, settings.Expect, settings.Expectations);
        var cases = BehaviourMatrix.Build(settings.Expectations);
        var runner = new MatrixRunner(http, time, loggers.CreateLogger<MatrixRunner>());
        var matrix = await runner.RunAsync(settings.Gateway, routes, cases, settings.Expectations, settings.Runner, cancellationToken).ConfigureAwait(false);
        return Report([.. audit, .. matrix]);
    }

    /// <summary>One plain request first: a gateway that is not there is one clear message, not a hundred errored cases.</summary>
    private async Task<string?> UnreachableAsync(Uri gateway, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var response = await http.GetAsync(gateway, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _logger.LogError("Gateway {Gateway} is unreachable: {Reason}", gateway, e.Message);
            return $"gateway {gateway} is unreachable ({e.Message}): start the target (LocalMesh or port-forward the ingress) or pass the right --gateway";
        }
    }
}

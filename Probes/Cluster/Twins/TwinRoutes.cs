using System.Globalization;
using System.Text.Json.Nodes;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Telemetry;
using k8s;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>
/// The twin routes of a cluster run (DESIGN §4), in the order a run calls them: <see cref="SweepLeftoversAsync"/>
/// (objects of killed runs), <see cref="PlanAsync"/>, <see cref="Render"/> for <c>--dry-run</c>, <see cref="ApplyAsync"/>,
/// <see cref="WaitForConvergenceAsync"/>, the matrix on <see cref="TwinPlan.Targets"/>, and <see cref="CleanupAsync"/> in a
/// <c>finally</c>. The secret goes to the API server and to the gateway only, never to a log or a message.
/// </summary>
/// <param name="http">The client for the gateway (the caller's: it may accept a self-signed dev certificate).</param>
public sealed class TwinRoutes(IKubernetes client, HttpClient http, TimeProvider time, ILogger<TwinRoutes> logger)
{
    private readonly TwinObjectApi api = new(client);

    /// <summary>A new run's plan: the FaultTarget, its Services and a twin for each target's route, each twin checked against the gateway's routing.</summary>
    /// <exception cref="TwinException">The options are invalid (each problem named).</exception>
    /// <exception cref="ClusterAccessException">A live route could not be read.</exception>
    public async Task<TwinPlan> PlanAsync(MeshManifests live, GatewayRouting routing, IReadOnlyList<ProbeTarget> targets, TwinOptions options, CancellationToken ct)
    {
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new TwinException(string.Join("; ", problems));
        }

        var run = TwinRun.New(time, options.MaxRunTime, options.RunId);
        var plan = await new TwinPlanner(api).PlanAsync(run, live, routing, targets, options, ct).ConfigureAwait(false);
        ProbeLog.TwinPlanned(logger, run, plan.Twins.Count, plan.Objects.Count, plan.Namespace);
        foreach (var note in plan.NotTwinned)
        {
            ProbeLog.TwinNotPlanned(logger, note);
        }

        return plan;
    }

    /// <summary>The objects of <paramref name="plan"/> as YAML for <c>--dry-run</c>, the secret shown as <see cref="TwinRun.RedactedSecret"/>.</summary>
    public static string Render(TwinPlan plan)
    {
        var header = $"# {plan.Run}\n# {plan.Twins.Count} twin route(s) in namespace {plan.Namespace}\n"
                     + string.Concat(plan.NotTwinned.Select(n => $"# note: {n}\n"));
        return TwinPlanner.Redact(header + TwinYaml.Documents(plan.Objects), plan.Run);
    }

    /// <summary>
    /// Creates the plan's objects in order (Services, the Deployment, the routes) and waits until the Deployment is
    /// Available. An object of the same name left by this run (an apply tried again) is replaced; one of another run is
    /// not touched.
    /// </summary>
    /// <exception cref="ClusterAccessException">A create was refused (a 403 names the verb and the resource).</exception>
    /// <exception cref="TwinException">A name is taken by an object of another run, or the Deployment is not Available by the deadline.</exception>
    public async Task ApplyAsync(TwinPlan plan, CancellationToken ct)
    {
        try
        {
            await CreateAllAsync(plan, ct).ConfigureAwait(false);
        }
        catch (ClusterAccessException e) when (Carries(e, plan.Run.Secret))
        {
            // The API server may quote the object it refuses (a 422 names the invalid value), and the inner exception
            // keeps the request and response bodies: the secret must travel on in neither.
            throw new ClusterAccessException(TwinPlanner.Redact(e.Message, plan.Run));
        }
    }

    private static bool Carries(ClusterAccessException e, string secret) =>
        e.Message.Contains(secret, StringComparison.Ordinal)
        || (e.InnerException is k8s.Autorest.HttpOperationException http
            && ((http.Response?.Content?.Contains(secret, StringComparison.Ordinal) ?? false)
                || (http.Request?.Content?.Contains(secret, StringComparison.Ordinal) ?? false)));

    private async Task CreateAllAsync(TwinPlan plan, CancellationToken ct)
    {
        foreach (var item in plan.Objects)
        {
            var kind = TwinKind.Of(item);
            var name = TwinKind.NameOf(item);
            var ns = item["metadata"]?["namespace"]?.GetValue<string>() ?? plan.Namespace;
            if (await api.TryCreateAsync(item, ns, ct).ConfigureAwait(false))
            {
                ProbeLog.TwinCreated(logger, kind, ns, name, plan.Run.RunId);
                continue;
            }

            var stored = await api.GetAsync(kind, ns, name, ct).ConfigureAwait(false);
            var owner = stored?["metadata"]?["labels"]?[TwinLabels.Run]?.GetValue<string>();
            if (owner != plan.Run.RunId)
            {
                throw new TwinException($"{kind} {ns}/{name} exists and is not of run {plan.Run.RunId} ({(owner is null ? "not made by the harness" : $"run {owner}")}): "
                                        + "delete it, or wait for its run to end, and run again");
            }

            await api.ReplaceAsync(item, ns, ct).ConfigureAwait(false);
            ProbeLog.TwinReplaced(logger, kind, ns, name, plan.Run.RunId);
        }

        if (plan.Objects.FirstOrDefault(o => TwinKind.Of(o) == TwinKind.Deployment) is { } deployment)
        {
            await WaitForAvailableAsync(plan, TwinKind.NameOf(deployment), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Until the gateway serves each twin, or the deadline; the report names the twins that never converged.</summary>
    public async Task<ConvergenceReport> WaitForConvergenceAsync(Uri gateway, TwinPlan plan, CancellationToken ct)
    {
        var report = await new ConvergenceWait(http, time).WaitAsync(gateway, plan, ct).ConfigureAwait(false);
        foreach (var twin in report.Twins)
        {
            if (twin.After is null)
            {
                ProbeLog.TwinNotConverged(logger, twin);
            }
            else
            {
                ProbeLog.TwinConverged(logger, twin);
            }
        }

        return report;
    }

    /// <summary>
    /// Deletes every object of the plan's run — found by its run label, so a half-done apply is cleaned up too, and by
    /// the plan's names in case a list is refused. Runs on its own deadline (<see cref="TwinOptions.CleanupDeadline"/>),
    /// never the run's token, which a Ctrl+C has cancelled already. Idempotent: an object already gone is no error.
    /// </summary>
    public async Task<CleanupReport> CleanupAsync(TwinPlan plan)
    {
        using var deadline = new CancellationTokenSource(plan.Options.CleanupDeadline, time);
        var ct = deadline.Token;
        var deleted = new List<string>();
        var failed = new List<string>();
        var targets = new List<(TwinKind Kind, string Namespace, string Name)>();
        foreach (var kind in TwinKind.All.Reverse())
        {
            var namespaces = plan.Objects.Where(o => TwinKind.Of(o) == kind).Select(o => o["metadata"]?["namespace"]?.GetValue<string>() ?? plan.Namespace)
                .Append(plan.Namespace).Distinct();
            foreach (var ns in namespaces)
            {
                try
                {
                    targets.AddRange((await api.ListAsync(kind, ns, TwinLabels.RunSelector(plan.Run.RunId), ct).ConfigureAwait(false))
                        .Select(o => (kind, ns, TwinKind.NameOf(o))));
                }
                catch (Exception e) when (e is ClusterAccessException or OperationCanceledException)
                {
                    failed.Add($"list {kind.Resource} in {ns}: {Because(e, plan)}");
                }
            }

            targets.AddRange(plan.Objects.Where(o => TwinKind.Of(o) == kind)
                .Select(o => (kind, o["metadata"]?["namespace"]?.GetValue<string>() ?? plan.Namespace, TwinKind.NameOf(o))));
        }

        foreach (var (kind, ns, name) in targets.Distinct())
        {
            try
            {
                if (await api.DeleteAsync(kind, ns, name, ct).ConfigureAwait(false))
                {
                    deleted.Add($"{kind} {ns}/{name}");
                }
            }
            catch (Exception e) when (e is ClusterAccessException or OperationCanceledException)
            {
                failed.Add($"{kind} {ns}/{name}: {Because(e, plan)}");
            }
        }

        var report = new CleanupReport(deleted, failed);
        if (report.Complete)
        {
            ProbeLog.TwinCleanedUp(logger, plan.Run.RunId, report);
        }
        else
        {
            ProbeLog.TwinCleanupIncomplete(logger,
                plan.Run.RunId, report, plan.Namespace, TwinLabels.RunSelector(plan.Run.RunId));
        }

        return report;
    }

    /// <summary>
    /// Deletes the harness's objects in <paramref name="ns"/> whose expiry has passed (a killed run's), naming each;
    /// objects of a run that has not expired, or without a readable expiry, are reported and left alone.
    /// </summary>
    /// <exception cref="ClusterAccessException">The objects could not be listed or deleted.</exception>
    public async Task<SweepReport> SweepLeftoversAsync(string ns, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var deleted = new List<string>();
        var leftAlone = new List<string>();
        foreach (var kind in TwinKind.All.Reverse())
        {
            foreach (var item in await api.ListAsync(kind, ns, TwinLabels.ManagedSelector, ct).ConfigureAwait(false))
            {
                var name = TwinKind.NameOf(item);
                var run = item["metadata"]?["labels"]?[TwinLabels.Run]?.GetValue<string>() ?? "(no run label)";
                var expiresText = item["metadata"]?["annotations"]?[TwinLabels.Expires]?.GetValue<string>();
                var what = $"{kind} {ns}/{name} of run {run}";
                if (!DateTimeOffset.TryParse(expiresText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
                {
                    leftAlone.Add($"{what}: no readable {TwinLabels.Expires} annotation ('{expiresText}'); if its run is over, delete it with "
                                  + $"kubectl delete {kind.Resource} -n {ns} {name}");
                }
                else if (expires > now)
                {
                    leftAlone.Add($"{what}: expires {expiresText} (a run may still be using it)");
                }
                else if (await api.DeleteAsync(kind, ns, name, ct).ConfigureAwait(false))
                {
                    deleted.Add($"{what} (expired {expiresText})");
                }
            }
        }

        var report = new SweepReport(deleted, leftAlone);
        ProbeLog.TwinSwept(logger, ns, report);
        return report;
    }

    private async Task WaitForAvailableAsync(TwinPlan plan, string name, CancellationToken ct)
    {
        var start = time.GetUtcNow();
        var last = "not read yet";
        while (true)
        {
            var deployment = await api.GetAsync(TwinKind.Deployment, plan.Namespace, name, ct).ConfigureAwait(false);
            var conditions = deployment?["status"]?["conditions"] as JsonArray ?? [];
            var available = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "Available");
            if (available?["status"]?.GetValue<string>() == "True")
            {
                ProbeLog.FaultTargetAvailable(logger, plan.Namespace, name, (time.GetUtcNow() - start).TotalSeconds);
                return;
            }

            last = deployment is null ? "the Deployment is gone"
                : available is null ? $"no Available condition yet ({deployment["status"]?["readyReplicas"]?.ToString() ?? "0"} ready replica(s))"
                : $"Available={available["status"]} ({available["reason"]}: {available["message"]})";
            if (time.GetUtcNow() - start >= plan.Options.AvailableDeadline)
            {
                throw new TwinException($"the FaultTarget Deployment {plan.Namespace}/{name} is not Available after {plan.Options.AvailableDeadline.TotalSeconds:0}s ({last}): "
                                        + $"check its pods (kubectl describe deployment -n {plan.Namespace} {name}: image {plan.Options.Image} pullable?, quota?); the twins are cleaned up");
            }

            await Task.Delay(plan.Options.AvailablePoll, time, ct).ConfigureAwait(false);
        }
    }

    private static string Because(Exception e, TwinPlan plan) =>
        TwinPlanner.Redact(e is OperationCanceledException ? $"the clean-up deadline of {plan.Options.CleanupDeadline.TotalSeconds:0}s passed" : e.Message, plan.Run);
}

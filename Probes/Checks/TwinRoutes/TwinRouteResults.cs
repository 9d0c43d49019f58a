using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Cluster.Twins;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Checks.TwinRoutes;

/// <summary>
/// The twin-route lifecycle of <c>gate --target cluster</c> as verdicts (check <see cref="CheckName"/>), so a report
/// shows what the harness did in the cluster: leftovers swept, a twin made for each route (or why not), each twin
/// served by the gateway in time, everything removed afterwards. Anything that did not happen is an error, never a pass.
/// </summary>
public static class TwinRouteResults
{
    public const string CheckName = "twin-routes";

    public static readonly CheckCase LeftoversSweptCase = new("leftovers-swept", "objects left by killed runs are removed before this run");
    public static readonly CheckCase TwinPlannedCase = new("twin-planned", "the route has a twin the matrix can run on");
    public static readonly CheckCase TwinServedCase = new("twin-served", "the gateway serves the twin route within the deadline");
    public static readonly CheckCase ObjectsRemovedCase = new("objects-removed", "every object the run created is deleted when it ends");

    private static readonly Subject Namespace = Subject.Set("twin objects");

    public static CheckResult Swept(SweepReport sweep) => new(CheckName, Namespace, LeftoversSweptCase, Verdict.Pass,
        (sweep.Deleted.Count == 0 ? "no expired leftovers" : $"removed {sweep.Deleted.Count} expired leftover(s): {string.Join("; ", sweep.Deleted)}")
        + (sweep.LeftAlone.Count == 0 ? "" : $"; left alone: {string.Join("; ", sweep.LeftAlone)}"));

    public static CheckResult SweepFailed(string why) => new(CheckName, Namespace, LeftoversSweptCase, Verdict.Error, $"could not look: {why}");

    /// <summary>
    /// One result per route of the matrix: an error for a route with a probe request but no twin (the matrix did not
    /// run on it), a gap for a twin the harness had to change (a mirror left out), nothing for a plain twin.
    /// </summary>
    public static IReadOnlyList<CheckResult> Planned(TwinPlan plan, IReadOnlyList<ProbeTarget> targets)
    {
        var labels = MatrixRunner.RouteLabels(targets.Select(t => t.Route).ToList());
        var twinned = plan.Twins.Select(t => t.Original).ToHashSet(ReferenceEqualityComparer.Instance);
        var results = new List<CheckResult>();
        foreach (var target in targets)
        {
            var notes = plan.NotTwinned.Where(n => n.StartsWith(target.Route.Name + ":", StringComparison.Ordinal)
                                                    || n.Contains(target.Route.Source.QualifiedName, StringComparison.Ordinal)).ToList();
            var subject = Subject.Route(labels[target.Route]);
            if (!twinned.Contains(target.Route))
            {
                results.Add(new CheckResult(CheckName, subject, TwinPlannedCase, target.Request is null ? Verdict.Gap : Verdict.Error,
                    $"the matrix did not run on this route: {(notes.Count > 0 ? string.Join("; ", notes) : "no twin could be made")}"));
            }
            else if (notes.Count > 0)
            {
                results.Add(new CheckResult(CheckName, subject, TwinPlannedCase, Verdict.Gap, $"the twin differs from the route: {string.Join("; ", notes)}"));
            }
        }

        return results;
    }

    public static CheckResult ApplyFailed(string why) =>
        new(CheckName, Namespace, TwinServedCase, Verdict.Error, $"the twin objects could not be created, the matrix did not run: {why}");

    /// <summary>One result per twin: served after how long, or never (the matrix does not run on it).</summary>
    public static IReadOnlyList<CheckResult> Served(TwinPlan plan, ConvergenceReport convergence, IReadOnlyList<ProbeTarget> targets)
    {
        var labels = MatrixRunner.RouteLabels(targets.Select(t => t.Route).ToList());
        return plan.Twins.Select(twin =>
        {
            var subject = Subject.Route(labels.TryGetValue(twin.Original, out var label) ? label : twin.Original.Name);
            var seen = convergence.Twins.FirstOrDefault(c => c.Twin == twin.Name);
            return seen is { After: { } after }
                ? new CheckResult(CheckName, subject, TwinServedCase, Verdict.Pass, $"twin {twin.Name} served after {after.TotalSeconds:0.0}s ({seen.Requests} request(s))")
                : new CheckResult(CheckName, subject, TwinServedCase, Verdict.Error,
                    $"twin {twin.Name} was not served by the gateway within {plan.Options.ConvergenceDeadline.TotalSeconds:0}s"
                    + (seen is null ? "" : $" ({seen.Requests} request(s), last answer: {seen.LastAnswer})")
                    + ": the matrix did not run on this route; check the twin's status (kubectl get httproute -n "
                    + $"{plan.Namespace} {twin.Name} -o yaml) and istiod's logs");
        }).ToList();
    }

    /// <summary>The twins the gateway serves: the matrix runs on these.</summary>
    public static IReadOnlyList<ProbeTarget> ServedTargets(TwinPlan plan, ConvergenceReport convergence) =>
        plan.Twins.Where(t => convergence.Twins.Any(c => c.Twin == t.Name && c.After is not null)).Select(t => t.Target).ToList();

    public static CheckResult Removed(CleanupReport cleanup, TwinPlan plan) => cleanup.Complete
        ? new(CheckName, Namespace, ObjectsRemovedCase, Verdict.Pass, $"removed {cleanup.Deleted.Count} object(s) of run {plan.Run.RunId}")
        : new(CheckName, Namespace, ObjectsRemovedCase, Verdict.Error,
            $"left behind: {string.Join("; ", cleanup.Failed)}; delete them with kubectl delete services,deployments,httproutes,virtualservices -n {plan.Namespace} -l {TwinLabels.RunSelector(plan.Run.RunId)}");
}

using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Checks.Capture.CaptureConstants;

namespace AmbientVerify.Probes.Checks.Capture;

/// <summary>
/// Are the routed pods on the expected dataplane? From the control-plane view (namespace labels; pod containers and
/// annotations, as <c>kubectl get pod -o yaml</c> shows them) and from the dataplane's own workloads view
/// (as <c>istioctl ztunnel-config workloads</c>: protocol HBONE means ztunnel captured the pod).
/// </summary>
public static class CaptureCheck
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(
        IMeshInspector inspector, IReadOnlyList<RoutedService> routed, CaptureOptions options, CancellationToken cancellationToken)
    {
        var ambient = options.Expect == MeshMode.Ambient;
        var namespaces = await inspector.GetNamespacesAsync(cancellationToken).ConfigureAwait(false);
        var results = routed.Select(s => s.Namespace).Distinct(StringComparer.Ordinal)
            .Select(name => NamespaceResult(name, namespaces.FirstOrDefault(n => n.Name == name), ambient))
            .ToList();

        IReadOnlyList<DataplaneComponent>? components = null;
        string? dataplaneProblem = null;
        try
        {
            components = await inspector.GetDataplaneComponentsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InspectionException e)
        {
            dataplaneProblem = e.Message;
        }

        foreach (var service in routed)
        {
            var podsCase = ambient ? AmbientPodsCase : SidecarPodsCase;
            var dataplaneCase = ambient ? AmbientDataplaneCase : SidecarDataplaneCase;
            if (service.Workload is not { } workload)
            {
                results.Add(Result(service.Subject, podsCase, Verdict.Error, service.NoWorkload));
                results.Add(Result(service.Subject, dataplaneCase, Verdict.Error, service.NoWorkload));
                continue;
            }

            if (workload.Pods.Count == 0)
            {
                var none = $"could not look: {workload.Label} has no pods (replicas {workload.Replicas})";
                results.Add(Result(workload.Subject, podsCase, Verdict.Error, none));
                results.Add(Result(workload.Subject, dataplaneCase, Verdict.Error, none));
                continue;
            }

            results.Add(ambient ? AmbientPods(workload) : SidecarPods(workload));
            results.Add(components is null
                ? Result(workload.Subject, dataplaneCase, Verdict.Error, $"could not look: {dataplaneProblem}")
                : ambient ? ZtunnelListsPods(workload, components) : SidecarsServePods(workload, components));
        }

        return results;
    }

    private static CheckResult NamespaceResult(string name, MeshNamespace? ns, bool ambient)
    {
        var subject = Subject.Namespace(name);
        var label = subject.ToString();
        var @case = ambient ? AmbientNamespaceCase : SidecarNamespaceCase;
        if (ns is null)
        {
            return Result(subject, @case, Verdict.Error, $"could not look: no Namespace object {name} is known, so its labels cannot be checked (render the namespace template too)");
        }

        if (ns.Assumed)
        {
            return new CheckResult(CheckName, subject, @case, Verdict.Gap, AssumedNamespace.Describe(name, ns.Labels), remedy: AssumedNamespace.Remedy(name));
        }

        var mode = ns.Labels.GetValueOrDefault(DataplaneModeLabel);
        var injection = ns.Labels.GetValueOrDefault(InjectionLabel);
        var revision = ns.Labels.GetValueOrDefault(RevisionLabel);
        var observed = $"{DataplaneModeLabel}={mode ?? "(none)"}, {InjectionLabel}={injection ?? "(none)"}";
        if (ambient)
        {
            return mode == "ambient"
                ? Result(subject, @case, Verdict.Pass, $"{label} has {DataplaneModeLabel}=ambient")
                : Fail(subject, @case,
                    $"expected {label} labelled {DataplaneModeLabel}=ambient; observed {observed}",
                    $"label the namespace {DataplaneModeLabel}: ambient (kubectl label namespace {name} {DataplaneModeLabel}=ambient){(injection == "enabled" ? $" and remove {InjectionLabel}=enabled" : "")}");
        }

        return injection == "enabled" || revision is not null
            ? Result(subject, @case, Verdict.Pass, $"{label} has {(injection == "enabled" ? $"{InjectionLabel}=enabled" : $"{RevisionLabel}={revision}")}")
            : Fail(subject, @case,
                $"expected {label} labelled {InjectionLabel}=enabled; observed {observed}",
                $"label the namespace {InjectionLabel}: enabled and restart its Deployments so the sidecars are injected");
    }

    private static CheckResult AmbientPods(MeshWorkload workload)
    {
        var problems = workload.Pods
            .Select(pod => (Pod: pod, Issues: AmbientIssues(pod)))
            .Where(x => x.Issues.Count > 0)
            .ToList();
        if (problems.Count == 0)
        {
            return Result(workload.Subject, AmbientPodsCase, Verdict.Pass,
                $"all {workload.Pods.Count} pods have {RedirectionAnnotation}=enabled and no {ProxyContainer} container");
        }

        var observed = string.Join("; ", problems.Select(x => $"pod {x.Pod.Name}: {string.Join(", ", x.Issues)}{Why(x.Pod)}"));
        return Fail(workload.Subject, AmbientPodsCase,
            $"expected every pod of {workload.Label} captured by ztunnel ({RedirectionAnnotation}=enabled, no {ProxyContainer} container, " +
            $"no {SidecarStatusAnnotation}); observed {observed}",
            AmbientRemedy(workload, problems[0].Pod));
    }

    private static List<string> AmbientIssues(MeshPod pod)
    {
        var issues = new List<string>();
        if (pod.Containers.Contains(ProxyContainer))
        {
            issues.Add($"has an {ProxyContainer} container");
        }

        if (pod.Annotations.ContainsKey(SidecarStatusAnnotation))
        {
            issues.Add($"carries {SidecarStatusAnnotation}");
        }

        var redirection = pod.Annotations.GetValueOrDefault(RedirectionAnnotation);
        if (redirection != "enabled")
        {
            issues.Add(redirection is null ? $"no {RedirectionAnnotation} annotation" : $"{RedirectionAnnotation}={redirection} (not yet taken by ztunnel)");
        }

        return issues;
    }

    /// <summary>The fix for the first offending pod, from what it carries: the most specific cause first.</summary>
    private static string AmbientRemedy(MeshWorkload workload, MeshPod pod)
    {
        var restart = $"then restart it (kubectl rollout restart deployment/{workload.Name} -n {workload.Namespace})";
        if (FlagOn(pod.Labels, InjectLabelOrAnnotation) is { } labelValue)
        {
            return $"remove the pod template label {InjectLabelOrAnnotation}: \"{labelValue}\" from {workload.Label}, {restart}";
        }

        if (FlagOn(pod.Annotations, InjectLabelOrAnnotation) is { } annotationValue)
        {
            return $"remove the pod template annotation {InjectLabelOrAnnotation}: \"{annotationValue}\" from {workload.Label}, {restart}";
        }

        if (pod.Labels.GetValueOrDefault(DataplaneModeLabel) == "none")
        {
            return $"remove the pod template label {DataplaneModeLabel}: none from {workload.Label}, {restart}";
        }

        return $"label namespace {workload.Namespace} {DataplaneModeLabel}: ambient (and drop {InjectionLabel}: enabled), {restart}";
    }

    private static string? FlagOn(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) && value.Trim().ToLowerInvariant() is "true" or "yes" or "y" or "on" ? value : null;

    private static CheckResult SidecarPods(MeshWorkload workload)
    {
        var missing = workload.Pods
            .Where(pod => !pod.Containers.Contains(ProxyContainer) || !pod.Annotations.ContainsKey(SidecarStatusAnnotation))
            .ToList();
        if (missing.Count == 0)
        {
            return Result(workload.Subject, SidecarPodsCase, Verdict.Pass,
                $"all {workload.Pods.Count} pods have an {ProxyContainer} container and {SidecarStatusAnnotation}");
        }

        var observed = string.Join("; ", missing.Select(pod => $"pod {pod.Name} has no {ProxyContainer} container" +
            (pod.Annotations.GetValueOrDefault(RedirectionAnnotation) == "enabled" ? $" ({RedirectionAnnotation}=enabled: ztunnel captures it)" : "") + Why(pod)));
        return Fail(workload.Subject, SidecarPodsCase,
            $"expected every pod of {workload.Label} to carry an {ProxyContainer} sidecar; observed {observed}",
            $"label namespace {workload.Namespace} {InjectionLabel}: enabled (remove {DataplaneModeLabel}: ambient and any {InjectLabelOrAnnotation}: \"false\"), " +
            $"then restart it (kubectl rollout restart deployment/{workload.Name} -n {workload.Namespace})");
    }

    private static CheckResult ZtunnelListsPods(MeshWorkload workload, IReadOnlyList<DataplaneComponent> components)
    {
        var ztunnels = components.Where(c => c.Kind == DataplaneComponentKind.Ztunnel).ToList();
        if (ztunnels.Count == 0)
        {
            return Fail(workload.Subject, AmbientDataplaneCase,
                $"expected a ztunnel listing the pods of {workload.Label} as HBONE; observed no ztunnel among the dataplane components ({string.Join(", ", components)})",
                "run ztunnel (istioctl install --set profile=ambient) and pass its admin endpoint");
        }

        var rows = ztunnels.SelectMany(z => z.Workloads).ToList();
        var issues = workload.Pods
            .Select(pod => rows.Where(r => r.Namespace == pod.Namespace && r.PodName == pod.Name).ToList() switch
            {
                [] => $"pod {pod.Name} is not listed",
                var listed when listed.Any(r => r.IsHbone) => null,
                var listed => $"pod {pod.Name} is listed with protocol {listed[0].Protocol} (not captured)",
            })
            .OfType<string>()
            .ToList();
        if (issues.Count == 0)
        {
            return Result(workload.Subject, AmbientDataplaneCase, Verdict.Pass,
                $"ztunnel lists all {workload.Pods.Count} pods as HBONE ({string.Join(", ", ztunnels.Select(z => z.Admin))})");
        }

        return Fail(workload.Subject, AmbientDataplaneCase,
            $"expected ztunnel to list every pod of {workload.Label} with protocol HBONE (istioctl ztunnel-config workloads); observed {string.Join("; ", issues)}",
            $"make ztunnel capture the pods: namespace label {DataplaneModeLabel}: ambient, no sidecar, istio-cni running on the node; then restart deployment/{workload.Name}");
    }

    private static CheckResult SidecarsServePods(MeshWorkload workload, IReadOnlyList<DataplaneComponent> components)
    {
        var served = components.Where(c => c.Kind == DataplaneComponentKind.Sidecar)
            .SelectMany(c => c.Workloads)
            .Select(r => (r.Namespace, r.PodName))
            .ToHashSet();
        var unserved = workload.Pods.Where(pod => !served.Contains((pod.Namespace, pod.Name))).Select(pod => pod.Name).ToList();
        if (unserved.Count == 0)
        {
            return Result(workload.Subject, SidecarDataplaneCase, Verdict.Pass, $"a sidecar serves each of the {workload.Pods.Count} pods");
        }

        return Fail(workload.Subject, SidecarDataplaneCase,
            $"expected a sidecar serving every pod of {workload.Label}; observed none for {string.Join(", ", unserved)} " +
            $"(dataplane components: {string.Join(", ", components)})",
            $"inject the sidecar ({InjectionLabel}: enabled on namespace {workload.Namespace}) and restart deployment/{workload.Name}");
    }

    private static string Why(MeshPod pod) => pod.Why.Length == 0 ? "" : $" ({pod.Why})";

    private static CheckResult Fail(Subject subject, CheckCase @case, string whatHappened, string remedy) =>
        new(CheckName, subject, @case, Verdict.Fail, $"{whatHappened}. Remedy: {remedy}", remedy);

    private static CheckResult Result(Subject subject, CheckCase @case, Verdict verdict, string message) =>
        new(CheckName, subject, @case, verdict, message);
}

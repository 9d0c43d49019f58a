using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Checks.Plaintext.PlaintextConstants;

namespace AmbientVerify.Probes.Checks.Plaintext;

/// <summary>
/// Plaintext refused: a plain HTTP request straight to each routed pod's address (what a client outside the mesh
/// would send to the pod IP) must get no answer. Under STRICT ztunnel and sidecars drop it; under PERMISSIVE they
/// pass it on, and the check fails naming the PeerAuthentication that allows it.
/// </summary>
public static class PlaintextCheck
{
    /// <summary>Plaintext connections open at once: a handful, so a large namespace is checked quickly but never flooded.</summary>
    public const int MaxAttemptsAtOnce = 8;

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(
        IMeshInspector inspector, IReadOnlyList<RoutedService> routed, PlaintextOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        IReadOnlyList<PodAddress>? addresses = null;
        string? problem = null;
        try
        {
            addresses = await inspector.GetPodAddressesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InspectionException e)
        {
            problem = $"could not look: {e.Message}";
        }

        // One slot per pod, in the order of the routes: a verdict known now, or an attempt still running. Attempts
        // run a few at once (each can wait up to connect + answer timeout on a pod that holds the connection).
        using var slots = new SemaphoreSlim(MaxAttemptsAtOnce);
        var pending = new List<Task<CheckResult>>();
        foreach (var service in routed)
        {
            if (service.Workload is not { } workload)
            {
                pending.Add(Task.FromResult(Result(service.Subject, Verdict.Error, service.NoWorkload)));
                continue;
            }

            foreach (var pod in workload.Pods)
            {
                var address = addresses?.FirstOrDefault(a => a.Namespace == pod.Namespace && a.PodName == pod.Name);
                pending.Add(address is null
                    ? Task.FromResult(Result(PodSubject(pod), Verdict.Error,
                        problem ?? $"could not look: no dataplane component lists a host:port address for pod {pod.Namespace}/{pod.Name}"))
                    : AttemptAsync(workload, pod, address));
            }
        }

        return await Task.WhenAll(pending).ConfigureAwait(false);

        async Task<CheckResult> AttemptAsync(MeshWorkload workload, MeshPod pod, PodAddress address)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var attempt = await PlaintextAttempt.TryAsync(address.Host, address.Port, options, time, cancellationToken).ConfigureAwait(false);
                if (attempt is PlaintextAttempt.CouldNotLook couldNot && options.WhenUnreachable is { } hint)
                {
                    attempt = new PlaintextAttempt.CouldNotLook($"{couldNot.Why}; {hint}");
                }

                return Judge(workload, pod, address, attempt);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    public static CheckResult Judge(MeshWorkload workload, MeshPod pod, PodAddress address, PlaintextAttempt attempt)
    {
        var policy = workload.PeerAuthentication;
        var where = $"pod {pod.Name} at {address.Host}:{address.Port}";
        switch (attempt)
        {
            case PlaintextAttempt.Refused refused:
                return Result(PodSubject(pod), Verdict.Pass,
                    $"plaintext to {where} was refused ({refused.How}); mTLS mode {policy.Mode} from {policy.Source}" +
                    (policy.IsStrict ? "" : " (refused although the mode is not STRICT)"));
            case PlaintextAttempt.Answered answered:
                var remedy = policy.IsStrict
                    ? $"{policy.Source} is STRICT, yet the pod answered without mTLS: the dataplane does not enforce it there; the pod is probably not captured (see the capture check)"
                    : PeerAuthenticationRemedy.SetStrict(workload);
                return new CheckResult(CheckName, PodSubject(pod), RefusedCase, Verdict.Fail,
                    $"expected plaintext to {where} refused; observed an answer without mTLS ('{answered.StatusLine}'), allowed by mTLS mode {policy.Mode} " +
                    $"from {policy.Source}. Remedy: {remedy}",
                    remedy);
            case PlaintextAttempt.CouldNotLook couldNot:
                return Result(PodSubject(pod), Verdict.Error, $"could not look: {couldNot.Why}");
            default:
                throw new ArgumentOutOfRangeException(nameof(attempt), attempt, "unknown plaintext attempt");
        }
    }

    /// <summary>Each pod is its own subject: one pod of a workload can answer plaintext while the others refuse it.</summary>
    private static Subject PodSubject(MeshPod pod) => Subject.Pod(pod.Namespace, pod.Name);

    private static CheckResult Result(Subject subject, Verdict verdict, string message) =>
        new(CheckName, subject, RefusedCase, verdict, message);
}

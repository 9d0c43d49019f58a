using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Checks.Mtls.MtlsConstants;

namespace AmbientVerify.Probes.Checks.Mtls;

/// <summary>
/// The mTLS evidence: after the probe traffic, each routed workload must show new inbound connections (reported by
/// the destination's ztunnel or sidecar) with connection_security_policy="mutual_tls", from the gateway's identity
/// to its own, and none with "unknown" (plaintext). The run takes a snapshot before the matrix and one after it.
/// </summary>
public static class MtlsCheck
{
    public static IReadOnlyList<CheckResult> Judge(IReadOnlyList<RoutedService> routed, MetricsSnapshot before, MetricsSnapshot after, MtlsOptions options)
    {
        var results = new List<CheckResult>();
        foreach (var service in routed)
        {
            var problem = service.Workload is null ? service.NoWorkload
                : before.Problem is { } b ? $"could not look: before the probe traffic, {b}"
                : after.Problem is { } a ? $"could not look: after the probe traffic, {a}"
                : null;
            if (problem is not null)
            {
                results.Add(Result(service.Subject, MutualTlsCase, Verdict.Error, problem));
                results.Add(Result(service.Subject, NoPlaintextCase, Verdict.Error, problem));
                continue;
            }

            var workload = service.Workload!;
            var deltas = ConnectionDelta.Between(before.Metrics!, after.Metrics!, workload.Name, workload.Namespace);
            results.Add(MutualTls(workload, deltas, options));
            results.Add(NoPlaintext(workload, deltas));
        }

        return results;
    }

    private static CheckResult MutualTls(MeshWorkload workload, IReadOnlyList<ConnectionDelta> deltas, MtlsOptions options)
    {
        var (label, name, identity) = (workload.Label, workload.Name, workload.Identity);
        var from = options.ExpectedSourcePrincipal;
        var expected = $"new inbound connections to {label} (reporter=destination) with {SecurityPolicyLabel}=mutual_tls " +
                       $"from {from ?? "any identity"} to {identity}";
        var good = deltas.Where(d => d.Policy == MutualTlsPolicy && d.DestinationPrincipal == identity && (from is null || d.SourcePrincipal == from)).ToList();
        if (good.Count > 0)
        {
            return Result(workload.Subject, MutualTlsCase, Verdict.Pass, $"{string.Join("; ", good)}, as expected");
        }

        var dataplane = options.Expect == MeshMode.Ambient ? "ztunnel" : "its sidecar";
        var (observed, remedy) = deltas.Count switch
        {
            0 => ("none at all: the probe traffic to it did not pass through " + dataplane,
                options.Expect == MeshMode.Ambient
                    ? $"make ztunnel carry the gateway's traffic to it: capture its pods (namespace label istio.io/dataplane-mode: ambient, no istio.io/dataplane-mode: none on the pods, ambient.istio.io/redirection: enabled) and check ztunnel runs on their node; see the capture check"
                    : $"inject the sidecar into deployment/{name} (istio-injection: enabled) and restart it; see the capture check"),
            _ when deltas.All(d => d.Policy != MutualTlsPolicy) => (string.Join("; ", deltas),
                "the connections were not mutual TLS: capture the pods in the mesh and set PeerAuthentication spec.mtls.mode: STRICT so plaintext is refused"),
            _ => (string.Join("; ", deltas),
                from is not null && deltas.All(d => d.SourcePrincipal != from)
                    ? $"the gateway does not run as {from}: check its ServiceAccount (Istio's automated deployment names it <gateway>-<class>) or pass the right --gateway-name"
                    : $"the pods do not run as {identity}: check serviceAccountName of deployment/{name}"),
        };
        return Fail(workload.Subject, MutualTlsCase, $"expected {expected}; observed {observed}", remedy);
    }

    private static CheckResult NoPlaintext(MeshWorkload workload, IReadOnlyList<ConnectionDelta> deltas)
    {
        var plaintext = deltas.Where(d => d.Policy != MutualTlsPolicy).ToList();
        if (plaintext.Count == 0)
        {
            return Result(workload.Subject, NoPlaintextCase, Verdict.Pass, $"no new inbound connection with {SecurityPolicyLabel}={UnknownPolicy}");
        }

        var policy = workload.PeerAuthentication;
        return Fail(workload.Subject, NoPlaintextCase,
            $"expected no new inbound connection to {workload.Label} without mTLS; observed {string.Join("; ", plaintext)} (mTLS mode {policy.Mode} from {policy.Source})",
            policy.IsStrict
                ? "STRICT is set yet plaintext was accepted: the dataplane does not enforce it for these pods; see the capture check"
                : PeerAuthenticationRemedy.SetStrict(workload));
    }

    private static CheckResult Fail(Subject subject, CheckCase @case, string whatHappened, string remedy) =>
        new(CheckName, subject, @case, Verdict.Fail, $"{whatHappened}. Remedy: {remedy}", remedy);

    private static CheckResult Result(Subject subject, CheckCase @case, Verdict verdict, string message) =>
        new(CheckName, subject, @case, verdict, message);
}

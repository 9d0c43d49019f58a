using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Checks.Cluster.ClusterPrecheckConstants;

namespace AmbientVerify.Probes.Checks.Cluster;

/// <summary>
/// The PeerAuthentication mode that applies to each routed workload, from the configuration alone (the audit sends
/// no traffic; the plaintext check proves it with a connection). HBONE alone does not refuse plaintext: STRICT does.
/// </summary>
public static class PeerAuthenticationModeCheck
{
    public static IReadOnlyList<CheckResult> Judge(IReadOnlyList<RoutedService> routed) =>
        [.. routed.Select(service =>
        {
            if (service.Workload is not { } workload)
            {
                return new CheckResult(CheckName, service.Subject, PeerAuthenticationCase, Verdict.Error, service.NoWorkload);
            }

            var policy = workload.PeerAuthentication;
            if (policy.IsStrict)
            {
                return new CheckResult(CheckName, workload.Subject, PeerAuthenticationCase, Verdict.Pass, $"mTLS mode STRICT from {policy.Source}");
            }

            var remedy = PeerAuthenticationRemedy.SetStrict(workload);
            return new CheckResult(CheckName, workload.Subject, PeerAuthenticationCase, Verdict.Fail,
                $"expected STRICT mTLS for {workload.Label}; observed mode {policy.Mode} from {policy.Source}, so plaintext to its pods is accepted. Remedy: {remedy}", remedy);
        })];
}

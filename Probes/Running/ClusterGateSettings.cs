using AmbientVerify.Probes.Cluster.Twins;

namespace AmbientVerify.Probes.Running;

/// <summary>What one <c>gate --target cluster</c> needs: the audit's settings, the real gateway, the twins' options, the runner's bounds.</summary>
/// <param name="Gateway">The cluster's ingress as the probes reach it (a LoadBalancer address, or a port-forward).</param>
/// <param name="DryRun">Print the objects the run would create and stop: no traffic, no writes.</param>
public sealed record ClusterGateSettings(ClusterAuditSettings Audit, Uri Gateway, TwinOptions Twins, RunnerOptions Runner, bool DryRun = false);

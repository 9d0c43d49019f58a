namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>
/// The label and annotation keys the harness puts on everything it creates in a cluster, spelled once: the twin
/// lifecycle selects by them, the cluster reader filters the harness's own objects out by them, and deploy/'s Role
/// names them.
/// </summary>
public static class TwinLabels
{
    /// <summary>Label: who manages the object (the well-known Kubernetes key).</summary>
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>The value of <see cref="ManagedBy"/> on the harness's objects.</summary>
    public const string ManagedByValue = "ambientverify";

    /// <summary>Label: the run that created the object (<see cref="TwinRun.RunId"/>).</summary>
    public const string Run = "ambientverify.io/run";

    /// <summary>Annotation: when the object may be swept if its run did not clean up (RFC 3339, UTC).</summary>
    public const string Expires = "ambientverify.io/expires";

    /// <summary>Annotation: who created it, for people ("host ci-runner-3, user runner").</summary>
    public const string CreatedBy = "ambientverify.io/created-by";

    /// <summary>Label on the FaultTarget pods, selected by the twin Services.</summary>
    public const string Component = "app.kubernetes.io/component";

    /// <summary>The value of <see cref="Component"/> on the in-cluster FaultTarget.</summary>
    public const string ComponentValue = "faulttarget";

    /// <summary>The header a twin route requires with the run's secret, so only the harness's requests reach it.</summary>
    public const string RunHeader = "x-ambientverify-run";

    /// <summary>The path prefix of every twin route: <c>/__ambientverify/&lt;service&gt;&lt;original path&gt;</c>.</summary>
    public const string PathPrefix = "/__ambientverify";

    /// <summary>The label selector of every object of the harness.</summary>
    public static string ManagedSelector => $"{ManagedBy}={ManagedByValue}";

    /// <summary>The label selector of one run's objects.</summary>
    public static string RunSelector(string runId) => $"{ManagedSelector},{Run}={runId}";
}

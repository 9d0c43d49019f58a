namespace AmbientVerify.Probes.Inspection;

/// <summary>Where the local dataplane's admin endpoints are and how long to wait for them.</summary>
public sealed class DataplaneAdminOptions
{
    /// <summary>
    /// Admin base URLs of the ztunnel and/or sidecar stand-ins, each serving GET /workloads and GET /metrics
    /// (CLI <c>--dataplane-admin URL</c>, repeatable; env <c>Probes__DataplaneAdmin</c>, comma separated).
    /// Default none: then every dataplane check reports error, never pass.
    /// </summary>
    public IList<Uri> Endpoints { get; set; } = [];

    /// <summary>Time one admin request may take. Default 5s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

using AmbientVerify.Probes.Audit;

namespace AmbientVerify.Probes.Checks.Capture;

/// <summary>What the capture check requires of every routed pod.</summary>
public sealed class CaptureOptions
{
    /// <summary>
    /// The dataplane every routed pod must be on. Default <see cref="MeshMode.Ambient"/>: captured by ztunnel, no
    /// sidecar. <see cref="MeshMode.Sidecar"/> (the before-state and the rollback rehearsal): an istio-proxy on every pod.
    /// </summary>
    public MeshMode Expect { get; set; } = MeshMode.Ambient;
}

namespace AmbientVerify.Probes.Audit;

/// <summary>The dataplane mode the manifests are expected to configure.</summary>
public enum MeshMode
{
    Ambient,
    Sidecar,
}

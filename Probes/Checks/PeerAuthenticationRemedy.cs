using AmbientVerify.Probes.Inspection;

namespace AmbientVerify.Probes.Checks;

/// <summary>Where to set STRICT for a workload: in the PeerAuthentication that decides its mode, or in a new one.</summary>
internal static class PeerAuthenticationRemedy
{
    private const string MeshDefaultPrefix = "mesh default";

    public static string SetStrict(MeshWorkload workload) =>
        workload.PeerAuthentication.Source.StartsWith(MeshDefaultPrefix, StringComparison.Ordinal)
            ? $"no PeerAuthentication applies (mesh default PERMISSIVE): add PeerAuthentication {workload.Namespace}/default with spec.mtls.mode: STRICT"
            : $"set spec.mtls.mode: STRICT in {workload.PeerAuthentication.Source}";
}

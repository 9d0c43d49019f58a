using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Topology;

/// <summary>
/// Which dataplane the pods of a Deployment get, from the namespace's mode and the pod template's labels and
/// annotations, as Istio decides it: an injected sidecar always wins over ztunnel (ztunnel never captures a pod
/// with a sidecar), and a pod can opt out of either.
/// </summary>
internal static class PodDataplaneRules
{
    public static (PodDataplane Dataplane, string Reason) Decide(NamespaceTopology ns, DeploymentManifest deployment)
    {
        var inject = InjectRequest(deployment);
        var podMode = deployment.PodLabels.GetValueOrDefault(IstioMetadata.DataplaneModeLabel);
        var optsOutOfAmbient = podMode == "none";
        var noneOptOut = $"pod label {IstioMetadata.DataplaneModeLabel}=none: ztunnel does not capture it (traffic bypasses the mesh)";

        switch (ns.Mode)
        {
            case DataplaneMode.Sidecar when inject is { Value: false }:
                // With both namespace labels, a pod that refuses its sidecar is left to ztunnel.
                return ns.AmbientLabelled && !optsOutOfAmbient
                    ? (PodDataplane.Ztunnel, $"{inject.Value.Source}=false refuses the sidecar and namespace {ns.Name} is also labelled {IstioMetadata.DataplaneModeLabel}=ambient, so ztunnel captures it")
                    : (PodDataplane.None, $"{inject.Value.Source}=false opts out of the sidecar {ns.Describe()} asks for");
            case DataplaneMode.Sidecar:
                return (PodDataplane.Sidecar, $"{ns.Describe()}: the sidecar is injected");
            case DataplaneMode.Ambient when inject is { Value: true }:
                return (PodDataplane.Sidecar, $"{inject.Value.Source}=true: injected, so ztunnel does not capture it although {ns.Describe()}");
            case DataplaneMode.Ambient when optsOutOfAmbient:
                return (PodDataplane.None, $"{noneOptOut} although {ns.Describe()}");
            case DataplaneMode.Ambient:
                return (PodDataplane.Ztunnel, $"{ns.Describe()}: ztunnel captures it");
            default:
                if (inject is { Value: true })
                {
                    // Istio's default-revision webhook would inject on the pod label alone; the harness models
                    // injection by namespace only, and says so rather than guessing.
                    return (PodDataplane.None,
                        $"{inject.Value.Source}=true but {ns.Describe()}: pod-level injection without a namespace label is not modelled, so it runs without a sidecar");
                }

                return podMode == "ambient"
                    ? (PodDataplane.Ztunnel, $"pod label {IstioMetadata.DataplaneModeLabel}=ambient enrols it: ztunnel captures it")
                    : (PodDataplane.None, $"{ns.Describe()}: outside the mesh");
        }
    }

    /// <summary>
    /// sidecar.istio.io/inject from the pod template: the label wins over the annotation (Istio's order).
    /// Istio reads "true/yes/y/on" and "false/no/n/off"; anything else is no request.
    /// </summary>
    private static (bool Value, string Source)? InjectRequest(DeploymentManifest deployment)
    {
        foreach (var (values, kind) in new[] { (deployment.PodLabels, "label"), (deployment.PodAnnotations, "annotation") })
        {
            if (values.TryGetValue(IstioMetadata.InjectLabelOrAnnotation, out var text)
                && ParseFlag(text) is { } flag)
            {
                return (flag, $"pod template {kind} {IstioMetadata.InjectLabelOrAnnotation}");
            }
        }

        return null;
    }

    private static bool? ParseFlag(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "on" => true,
        "false" or "no" or "n" or "off" => false,
        _ => null,
    };
}

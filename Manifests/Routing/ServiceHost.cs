namespace AmbientVerify.Manifests.Routing;

/// <summary>
/// Which Kubernetes Service a VirtualService host names. Istio resolves a short name against the VirtualService's
/// namespace (<c>pilot/pkg/model/config.go</c> <c>ResolveShortnameToFQDN</c>: a name without a dot gets
/// ".&lt;namespace&gt;.svc.&lt;domain&gt;"); any name with a dot is taken as fully qualified, so "reviews.prod" names no
/// Service (Kubernetes DNS would resolve it, Istio's registry does not).
/// </summary>
public static class ServiceHost
{
    /// <summary>The Service name and namespace of <paramref name="host"/>; a host that is no Service keeps its whole name.</summary>
    public static (string Service, string Namespace) Parse(string host, string defaultNamespace)
    {
        if (!host.Contains('.'))
        {
            return (host, defaultNamespace);
        }

        var parts = host.Split('.');
        return parts.Length >= 4 && parts[2] == "svc" && parts[0].Length > 0 && parts[1].Length > 0
            ? (parts[0], parts[1])
            : (host, defaultNamespace);
    }

    /// <summary>"customer-service.ecommerce.svc.cluster.local".</summary>
    public static string Fqdn(string service, string ns) => $"{service}.{ns}.svc.cluster.local";
}

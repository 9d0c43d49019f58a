using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Reading;

/// <summary>
/// Reads rendered manifests into <see cref="MeshManifests"/>: finds the files, splits documents, applies the
/// namespace default and hands each object to the reader of its kind.
/// </summary>
internal static class ManifestReader
{
    private const string GatewayApiGroup = "gateway.networking.k8s.io";
    private const string IstioNetworkingGroup = "networking.istio.io";
    private const string IstioSecurityGroup = "security.istio.io";
    private const string ExpectedFiles = "expected rendered manifests (*.yaml or *.yml), e.g. the output of `helm template`";

    public static MeshManifests ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ManifestException($"{directory}: directory not found ({ExpectedFiles})");
        }

        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(IsYamlFile)
            .Select(file => (Full: file, Relative: Path.GetRelativePath(directory, file).Replace('\\', '/')))
            .OrderBy(file => file.Relative, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new ManifestException($"{directory}: no manifests found ({ExpectedFiles})");
        }

        var objects = files
            .SelectMany(file => YamlDocuments.Read(File.ReadAllText(file.Full), Path.Join(directory, file.Relative), file.Relative))
            .ToList();
        if (objects.Count == 0)
        {
            throw new ManifestException($"{directory}: {files.Count} YAML file(s) but no Kubernetes objects in them ({ExpectedFiles})");
        }

        return Build(directory, objects);
    }

    public static MeshManifests ReadText(string yaml, string sourceName)
    {
        var objects = YamlDocuments.Read(yaml, sourceName, sourceName);
        if (objects.Count == 0)
        {
            throw new ManifestException($"{sourceName}: no Kubernetes objects in the text ({ExpectedFiles})");
        }

        return Build(sourceName, objects);
    }

    private static bool IsYamlFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static MeshManifests Build(string sourceDirectory, IReadOnlyList<RawObject> objects)
    {
        var defaultNamespace = DefaultNamespace(objects);
        var namespaces = new List<NamespaceManifest>();
        var deployments = new List<DeploymentManifest>();
        var services = new List<ServiceManifest>();
        var gateways = new List<GatewayManifest>();
        var gatewayClasses = new List<GatewayClassManifest>();
        var httpRoutes = new List<HttpRouteManifest>();
        var virtualServices = new List<VirtualServiceManifest>();
        var destinationRules = new List<DestinationRuleManifest>();
        var peerAuthentications = new List<PeerAuthenticationManifest>();
        var istioGateways = new List<IstioGatewayManifest>();
        var referenceGrants = new List<ReferenceGrantManifest>();
        var crds = new List<CustomResourceDefinitionManifest>();
        var others = new List<ObjectRef>();
        var seen = new Dictionary<(string Group, string Kind, string Namespace, string Name), string>();

        foreach (var raw in objects)
        {
            // A Namespace is cluster-scoped: it is recorded as living in itself.
            var ns = raw.Kind == "Namespace" && raw.Group == "" ? raw.Name : raw.Namespace ?? defaultNamespace;
            var @ref = new ObjectRef(raw.ApiVersion, raw.Kind, raw.Name, ns, raw.Source);
            var map = raw.Map.As($"{raw.Kind} {ns}/{raw.Name}");
            if (!seen.TryAdd((raw.Group, raw.Kind, ns, raw.Name), raw.Source))
            {
                throw map.Error(map.Node,
                    $"defined twice (first at {seen[(raw.Group, raw.Kind, ns, raw.Name)]}; expected each object once: does the folder hold several samples?)");
            }

            switch (raw.Group, raw.Kind)
            {
                case ("", "Namespace"): namespaces.Add(CoreObjectReaders.Namespace(map, @ref)); break;
                case ("apps", "Deployment"): deployments.Add(CoreObjectReaders.Deployment(map, @ref)); break;
                case ("", "Service"): services.Add(CoreObjectReaders.Service(map, @ref)); break;
                case (GatewayApiGroup, "Gateway"): gateways.Add(GatewayApiReaders.Gateway(map, @ref)); break;
                case (GatewayApiGroup, "GatewayClass"): gatewayClasses.Add(GatewayApiReaders.GatewayClass(map, @ref)); break;
                case (GatewayApiGroup, "HTTPRoute"): httpRoutes.Add(GatewayApiReaders.HttpRoute(map, @ref)); break;
                case (IstioNetworkingGroup, "VirtualService"): virtualServices.Add(IstioReaders.VirtualService(map, @ref)); break;
                case (IstioNetworkingGroup, "DestinationRule"): destinationRules.Add(IstioReaders.DestinationRule(map, @ref)); break;
                case (IstioSecurityGroup, "PeerAuthentication"): peerAuthentications.Add(IstioReaders.PeerAuthentication(map, @ref)); break;
                case (IstioNetworkingGroup, "Gateway"): istioGateways.Add(IstioReaders.Gateway(map, @ref)); break;
                case (GatewayApiGroup, "ReferenceGrant"): referenceGrants.Add(GatewayApiReaders.ReferenceGrant(map, @ref)); break;
                case ("apiextensions.k8s.io", "CustomResourceDefinition"): crds.Add(CoreObjectReaders.CustomResourceDefinition(map, @ref)); break;
                default: others.Add(@ref); break;
            }
        }

        return new MeshManifests
        {
            SourceDirectory = sourceDirectory,
            Namespaces = namespaces,
            Deployments = deployments,
            Services = services,
            Gateways = gateways,
            GatewayClasses = gatewayClasses,
            HttpRoutes = httpRoutes,
            VirtualServices = virtualServices,
            DestinationRules = destinationRules,
            PeerAuthentications = peerAuthentications,
            IstioGateways = istioGateways,
            ReferenceGrants = referenceGrants,
            CustomResourceDefinitions = crds,
            OtherObjects = others,
        };
    }

    /// <summary>
    /// Rendered charts often leave metadata.namespace out (helm applies with -n). When the set creates exactly one
    /// Namespace, that is where the objects go; otherwise Kubernetes' "default".
    /// </summary>
    private static string DefaultNamespace(IReadOnlyList<RawObject> objects)
    {
        var created = objects.Where(o => o.Kind == "Namespace" && o.Group == "").Select(o => o.Name).Distinct().ToList();
        return created.Count == 1 ? created[0] : "default";
    }
}

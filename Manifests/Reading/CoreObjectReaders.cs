using AmbientVerify.Manifests.Model;

namespace AmbientVerify.Manifests.Reading;

/// <summary>Namespace, Deployment (apps/v1) and Service (v1): what the harness needs to start stand-ins.</summary>
internal static class CoreObjectReaders
{
    public static NamespaceManifest Namespace(YamlMap map, ObjectRef @ref) =>
        new(@ref, map.Map("metadata")!.StringDictionary("labels"));

    public static DeploymentManifest Deployment(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        var template = spec?.Map("template");
        var podMetadata = template?.Map("metadata");
        var podSpec = template?.Map("spec");
        return new DeploymentManifest(
            @ref,
            // Kubernetes defaults replicas to 1 when the field is absent.
            Replicas: spec?.NonNegativeInt("replicas", "expected a whole number of pods, e.g. 3") ?? 1,
            PodLabels: podMetadata?.StringDictionary("labels") ?? new Dictionary<string, string>(),
            PodAnnotations: podMetadata?.StringDictionary("annotations") ?? new Dictionary<string, string>(),
            ServiceAccountName: podSpec?.String("serviceAccountName") is { Length: > 0 } account ? account : "default",
            Containers: podSpec?.Maps("containers").Select(Container).ToList() ?? [])
        {
            InitContainerNames = podSpec?.Maps("initContainers").Select(c => c.RequiredString("name", "every container has a name")).ToList() ?? [],
        };
    }

    public static ServiceManifest Service(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        return new ServiceManifest(
            @ref,
            Selector: spec?.StringDictionary("selector") ?? new Dictionary<string, string>(),
            Ports: spec?.Maps("ports").Select(ServicePort).ToList() ?? []);
    }

    public static CustomResourceDefinitionManifest CustomResourceDefinition(YamlMap map, ObjectRef @ref)
    {
        var spec = map.Map("spec");
        var annotations = map.Map("metadata")!.StringDictionary("annotations");
        return new CustomResourceDefinitionManifest(
            @ref,
            spec?.String("group") ?? "",
            spec?.Map("names")?.String("kind") ?? "",
            annotations.GetValueOrDefault(Versions.GatewayApiChannels.ChannelAnnotation),
            annotations.GetValueOrDefault("gateway.networking.k8s.io/bundle-version"));
    }

    private static ContainerManifest Container(YamlMap container) => new(
        container.RequiredString("name", "every container has a name"),
        container.String("image"),
        container.Maps("ports")
            .Select(port => port.Int("containerPort", "expected a port number, e.g. 8080"))
            .OfType<int>()
            .ToList())
    {
        Resources = container.Map("resources") is { } resources
            ? new ContainerResources(Amounts(resources.Map("requests")), Amounts(resources.Map("limits")))
            : ContainerResources.None,
    };

    private static ResourceAmounts Amounts(YamlMap? amounts) =>
        amounts is null ? ResourceAmounts.Unset : new ResourceAmounts(amounts.CpuQuantity("cpu"), amounts.MemoryQuantity("memory"));

    private static ServicePortManifest ServicePort(YamlMap port)
    {
        var number = port.Int("port", "expected a port number, e.g. 8080")
                     ?? throw port.Error(port.Node, $"{port.FieldPath("port")} is missing (expected a port number, e.g. 8080)");

        // targetPort may name a container port ("http"); we do not resolve names and fall back to the
        // service port, which is what the stand-ins listen on anyway.
        var target = port.String("targetPort");
        var targetNumber = int.TryParse(target, out var parsed) ? parsed : number;
        return new ServicePortManifest(port.String("name"), number, targetNumber);
    }
}

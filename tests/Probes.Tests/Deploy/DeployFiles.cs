using System.Text.Json.Nodes;
using System.Xml.Linq;
using AmbientVerify.TestSupport;
using AmbientVerify.TestSupport.FakeApi;
using YamlDotNet.RepresentationModel;

namespace AmbientVerify.Probes.Tests.Deploy;

/// <summary>The files under deploy/ and the facts other files must agree with (the csproj image names).</summary>
public static class DeployFiles
{
    public static string Directory { get; } = Path.Combine(Repository.Root, "deploy");

    /// <summary>Every file under deploy/ that holds Kubernetes objects (the Prometheus and pipeline files do not).</summary>
    public static readonly IReadOnlyList<string> KubernetesFiles = ["rbac.yaml", "job.yaml", "cronjob.yaml", Monitors];

    /// <summary>The Prometheus Operator's PodMonitor and ServiceMonitor for the same scrapes as <see cref="ScrapeConfig"/>.</summary>
    public const string Monitors = "prometheus/servicemonitor.yaml";

    public const string ScrapeConfig = "prometheus/scrape-config.yaml";
    public const string Pipeline = "pipeline/github-actions.yml";

    /// <summary>Grafana's provisioning files for the dashboards of grafana/dashboards (GrafanaProvisioningTests).</summary>
    public const string GrafanaDashboardProvider = "grafana/provisioning/dashboards/ambientverify.yaml", GrafanaDatasource = "grafana/provisioning/datasources/prometheus.yaml";

    public static string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>Every YAML file under deploy/, relative to it.</summary>
    public static IEnumerable<string> AllYaml() => System.IO.Directory
        .EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
        .Select(f => Path.GetRelativePath(Directory, f).Replace('\\', '/'))
        .Order(StringComparer.Ordinal);

    /// <summary>The objects of a file, read as the API server reads YAML (sigs.k8s.io/yaml, via the fake API server's reader).</summary>
    public static IReadOnlyList<JsonObject> Objects(string relative) => YamlToJson.Documents(File.ReadAllText(PathOf(relative)));

    /// <summary>A plain YAML file (Prometheus, GitHub Actions) as YamlDotNet's node tree: YAML 1.2, where "on" is a string key.</summary>
    public static YamlMappingNode Plain(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(PathOf(relative)));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    /// <summary>ContainerRepository and ContainerImageTags of a project (Probes, FaultTarget).</summary>
    public static (string Repository, IReadOnlyList<string> Tags) ContainerImage(string project)
    {
        var csproj = XDocument.Load(Path.Combine(Repository.Root, project, $"{project}.csproj"));
        string? Property(string name) => csproj.Descendants(name).SingleOrDefault()?.Value;
        return (Property("ContainerRepository") ?? throw new InvalidOperationException($"{project}.csproj sets no ContainerRepository"),
            (Property("ContainerImageTags") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Every container of the pod templates of a Job / CronJob file, with the object it belongs to.</summary>
    public static IEnumerable<(JsonObject Owner, JsonObject PodSpec, JsonObject Container)> Containers(string relative) =>
        Objects(relative).SelectMany(o =>
        {
            var podSpec = PodSpecOf(o);
            return podSpec?["containers"] is JsonArray containers
                ? containers.OfType<JsonObject>().Select(c => (o, podSpec, c))
                : [];
        });

    public static JsonObject? PodSpecOf(JsonObject item) => item["kind"]?.GetValue<string>() switch
    {
        "Job" => item["spec"]?["template"]?["spec"] as JsonObject,
        "CronJob" => item["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"] as JsonObject,
        _ => null,
    };

    public static IReadOnlyList<string> Strings(JsonNode? array) => (array as JsonArray ?? []).Select(n => n?.ToString() ?? "").ToList();
}

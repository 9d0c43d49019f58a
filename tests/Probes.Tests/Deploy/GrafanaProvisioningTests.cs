using AmbientVerify.TestSupport.Grafana;
using YamlDotNet.RepresentationModel;

namespace AmbientVerify.Probes.Tests.Deploy;

/// <summary>
/// deploy/grafana/provisioning in the shapes Grafana's file provisioning reads
/// (https://grafana.com/docs/grafana/latest/administration/provisioning/): <c>apiVersion: 1</c>; a dashboard provider
/// of type <c>file</c> whose <c>options.path</c> is where deploy/README.md tells you to copy the JSON; a Prometheus data
/// source of the type the dashboards' <c>datasource</c> variable asks for.
/// </summary>
public sealed class GrafanaProvisioningTests
{
    private static string Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is YamlSequenceNode sequence ? sequence[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] : ((YamlMappingNode)node)[key];
        }

        return ((YamlScalarNode)node).Value ?? "";
    }

    [Fact]
    public void The_dashboard_provider_reads_files_from_the_path_the_readme_names()
    {
        var provider = DeployFiles.Plain(DeployFiles.GrafanaDashboardProvider);

        Assert.Equal("1", Scalar(provider, "apiVersion"));
        Assert.Single(((YamlSequenceNode)provider["providers"]).Children);
        Assert.Equal("file", Scalar(provider, "providers", "0", "type"));
        Assert.Equal("AmbientVerify", Scalar(provider, "providers", "0", "folder"));
        var path = Scalar(provider, "providers", "0", "options", "path");
        Assert.Equal("/var/lib/grafana/dashboards/ambientverify", path);
        Assert.Contains(path, File.ReadAllText(DeployFiles.PathOf("README.md")));
        Assert.Contains(path, File.ReadAllText(Path.Combine(AmbientVerify.TestSupport.Repository.Root, "README.md")));
    }

    [Fact]
    public void The_data_source_is_the_default_prometheus_the_dashboards_ask_for()
    {
        var datasources = DeployFiles.Plain(DeployFiles.GrafanaDatasource);

        Assert.Equal("1", Scalar(datasources, "apiVersion"));
        Assert.Single(((YamlSequenceNode)datasources["datasources"]).Children);
        Assert.Equal(("prometheus", "proxy", "true"),
            (Scalar(datasources, "datasources", "0", "type"), Scalar(datasources, "datasources", "0", "access"), Scalar(datasources, "datasources", "0", "isDefault")));
        Assert.Equal("${GRAFANA_PROMETHEUS_URL}", Scalar(datasources, "datasources", "0", "url"));
        // The dashboards' datasource variable lists the data sources of this type, and this one is the default.
        Assert.All(GrafanaDashboard.LoadAll(), d => Assert.Equal("prometheus", d.Variable("datasource")!.Json["query"]!.GetValue<string>()));
    }
}

using AmbientVerify.Probes.Cluster.Twins;
using YamlDotNet.RepresentationModel;

namespace AmbientVerify.Probes.Tests.Cluster.Twins;

/// <summary>--dry-run: the plan as YAML kubectl would take, without the secret.</summary>
public sealed class TwinRenderTests
{
    [Fact]
    public async Task The_dry_run_yaml_parses_back_to_every_planned_object_with_the_secret_redacted()
    {
        await using var scene = await TwinScene.StartAsync(("90-catalog.yaml", TwinScene.CatalogRoute));
        var plan = await scene.PlanAsync();

        var yaml = TwinRoutes.Render(plan);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var kinds = stream.Documents.Select(d => ((YamlScalarNode)((YamlMappingNode)d.RootNode)[new YamlScalarNode("kind")]).Value).ToList();

        Assert.Equal(plan.Objects.Select(o => o["kind"]!.GetValue<string>()), kinds);
        Assert.DoesNotContain(plan.Run.Secret, yaml);
        Assert.Contains("value: <secret>", yaml);
        Assert.Contains("# note: catalog-route rule 0: RequestMirror filter to store-service left out", yaml);
        Assert.Contains("retry.istio.io/attempts: \"3\"", yaml);
    }

    [Fact]
    public async Task The_runs_text_and_the_plans_text_never_show_the_secret()
    {
        await using var scene = await TwinScene.StartAsync();
        var plan = await scene.PlanAsync();

        var texts = new[] { plan.Run.ToString(), plan.ToString(), string.Join("\n", plan.Twins.Select(t => t.Target.Request!.ToString())) };

        Assert.All(texts, text => Assert.DoesNotContain(plan.Run.Secret, text));
        Assert.Contains("x-ambientverify-run: <secret>", texts[2]);
        Assert.DoesNotContain(plan.Run.Secret, scene.Log.All);
        Assert.Matches("^[a-z0-9]{8}$", plan.Run.RunId);
        Assert.Matches("^[0-9a-f]{32}$", plan.Run.Secret);
    }
}

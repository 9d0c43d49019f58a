using AmbientVerify.Manifests.Topology;

namespace AmbientVerify.Manifests.Tests.Topology;

/// <summary>Charts rendered without their Namespace object: the labels the run assumes, and where it refuses to assume.</summary>
public class NamespaceAssumptionsTests
{
    private static MeshManifests Chart(params string[] documents) => MeshManifests.Parse(string.Join("\n---\n", documents), "chart.yaml");

    [Fact]
    public void A_namespace_used_without_its_object_is_assumed_labelled_as_the_expected_mode()
    {
        var chart = Chart(TopologyYaml.Deployment());

        Assert.Equal(["shop"], NamespaceAssumptions.Undeclared(chart));
        Assert.Equal([new NamespaceLabel("shop", "istio.io/dataplane-mode", "ambient")], NamespaceAssumptions.For(chart, "ambient", []));
        Assert.Equal([new NamespaceLabel("shop", "istio-injection", "enabled")], NamespaceAssumptions.For(chart, "sidecar", []));
    }

    [Fact]
    public void Applied_the_namespace_decides_the_dataplane_and_is_marked_assumed()
    {
        var chart = Chart(TopologyYaml.Deployment());
        var without = MeshTopology.From(chart);

        var applied = NamespaceAssumptions.Apply(chart, NamespaceAssumptions.For(chart, "ambient", []));
        var topology = MeshTopology.From(applied);

        Assert.Equal(DataplaneMode.None, Assert.Single(without.Namespaces).Mode);
        var shop = Assert.Single(topology.Namespaces);
        Assert.Equal((DataplaneMode.Ambient, true), (shop.Mode, shop.Assumed));
        Assert.All(topology.Pods, p => Assert.Equal(PodDataplane.Ztunnel, p.Dataplane));
        Assert.Equal(NamespaceAssumptions.Source, Assert.Single(applied.Namespaces).Ref.Source);
    }

    [Fact]
    public void A_given_label_adds_to_or_replaces_the_expected_modes()
    {
        var chart = Chart(TopologyYaml.Deployment());

        var labels = NamespaceAssumptions.For(chart, "ambient",
            [NamespaceAssumptions.ParseOne("shop:istio.io/dataplane-mode=none"), NamespaceAssumptions.ParseOne("shop:team=payments")]);

        Assert.Equal(["shop:istio.io/dataplane-mode=none", "shop:team=payments"], labels.Select(l => l.ToString()));
    }

    [Fact]
    public void Declared_namespaces_are_never_assumed_and_a_label_for_one_is_refused()
    {
        var chart = Chart(TopologyYaml.PlainNamespace, TopologyYaml.Deployment());

        Assert.Empty(NamespaceAssumptions.For(chart, "ambient", []));
        var error = Assert.Throws<ManifestException>(() =>
            NamespaceAssumptions.For(chart, "ambient", [NamespaceAssumptions.ParseOne("shop:istio.io/dataplane-mode=ambient")]));
        Assert.Equal("namespace label shop:istio.io/dataplane-mode=ambient: Namespace shop (chart.yaml:1) is in the manifests; set its labels there", error.Message);
    }

    [Fact]
    public void A_label_for_a_namespace_the_chart_does_not_use_is_refused_naming_the_ones_it_does()
    {
        var error = Assert.Throws<ManifestException>(() =>
            NamespaceAssumptions.For(Chart(TopologyYaml.Deployment()), "ambient", [NamespaceAssumptions.ParseOne("shpo:istio.io/dataplane-mode=ambient")]));

        Assert.Equal("namespace label shpo:istio.io/dataplane-mode=ambient: no Deployment or Service of the manifests is in namespace shpo " +
                     "(namespaces without a Namespace object: shop)", error.Message);
    }

    [Theory]
    [InlineData("shop")]
    [InlineData("shop:ambient")]
    [InlineData(":istio.io/dataplane-mode=ambient")]
    [InlineData("shop:=ambient")]
    public void Text_that_is_not_namespace_key_value_is_refused(string text)
    {
        var error = Assert.Throws<FormatException>(() => NamespaceAssumptions.Parse(text));

        Assert.Equal($"'{text}' is not namespace:key=value (e.g. ecommerce:istio.io/dataplane-mode=ambient)", error.Message);
    }

    [Fact]
    public void The_text_form_round_trips()
    {
        const string text = "shop:istio.io/dataplane-mode=ambient,web:istio-injection=enabled";

        Assert.Equal(text, NamespaceAssumptions.Format(NamespaceAssumptions.Parse(text)));
        Assert.Empty(NamespaceAssumptions.Parse(""));
    }
}

using AmbientVerify.Manifests.Topology;
using AmbientVerify.Probes.Tests.TestSupport;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary>--assume-namespace-labels / Probes:AssumeNamespaceLabels: the labels the AppHost assumed for namespaces a chart lacks.</summary>
public class AssumeNamespaceLabelsOptionTests
{
    [Fact]
    public void The_labels_are_read_from_the_option_or_the_configuration()
    {
        Assert.Equal([new NamespaceLabel("ecommerce", "istio.io/dataplane-mode", "ambient")],
            OptionBinding.Bind(["--assume-namespace-labels", "ecommerce:istio.io/dataplane-mode=ambient"]).Settings!.AssumedNamespaceLabels);
        Assert.Equal([new NamespaceLabel("shop", "istio-injection", "enabled")],
            OptionBinding.Bind([], "Probes:AssumeNamespaceLabels", "shop:istio-injection=enabled").Settings!.AssumedNamespaceLabels);
        Assert.Empty(OptionBinding.Bind([]).Settings!.AssumedNamespaceLabels);
    }

    [Fact]
    public void A_label_that_is_not_namespace_key_value_is_refused_by_name()
    {
        var (settings, errors) = OptionBinding.Bind(["--assume-namespace-labels", "ecommerce=ambient"]);

        Assert.Null(settings);
        Assert.Equal(["--assume-namespace-labels: 'ecommerce=ambient' is not namespace:key=value (e.g. ecommerce:istio.io/dataplane-mode=ambient)"], errors);
    }
}

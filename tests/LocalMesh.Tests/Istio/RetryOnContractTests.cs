using AmbientVerify.LocalMesh.Istio;
using AmbientVerify.Manifests.Validation;
using ModelRetryOn = AmbientVerify.Probes.Model.RetryOnText;

namespace AmbientVerify.LocalMesh.Tests.Istio;

/// <summary>
/// The gateway's retry_on vocabulary and the router model's are two copies on purpose (the model must not share
/// code with the gateway it checks); this contract keeps them knowing the same names and status codes.
/// </summary>
public sealed class RetryOnContractTests
{
    [Fact]
    public void Gateway_and_model_know_the_same_envoy_condition_names()
    {
        Assert.Equal(RetryOnNames.All.Order(StringComparer.Ordinal), ModelRetryOn.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Both_know_all_sixteen_names_envoy_parses()
    {
        Assert.Equal(16, RetryOnNames.All.Count);
        Assert.Equal(16, ModelRetryOn.Names.Count);
    }

    [Fact]
    public void Gateway_and_model_read_the_same_integers_as_status_codes()
    {
        var texts = Enumerable.Range(-1, 700).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Concat(["+503", "0503", " 503", "503 ", "5e2", "", "+", "99999999999"]);

        foreach (var text in texts)
        {
            Assert.True(
                GoStatusText.TryParseStatusCode(text, out var gateway) == ModelRetryOn.IsIstioStatusCode(text, out var model)
                && gateway == model,
                $"'{text}' is read differently");
        }
    }
}

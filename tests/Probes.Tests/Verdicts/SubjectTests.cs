using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Verdicts;

public class SubjectTests
{
    public static TheoryData<string, string, string> Texts => new()
    {
        { "Deployment", "ecommerce/cart", "Deployment ecommerce/cart" },
        { "Namespace", "ecommerce", "Namespace ecommerce" },
        { "VirtualService", "ecommerce/order-service", "VirtualService ecommerce/order-service" },
        { "Route", "customer-service-route", "customer-service-route" },
        { "manifests", "", "manifests" },
        { "DestinationRules", "", "DestinationRules" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Tables_show_the_subject_as_reports_named_it_before_it_had_a_kind(string kind, string name, string text)
    {
        Assert.Equal(text, new Subject(kind, name).ToString());
    }

    [Fact]
    public void Factories_spell_each_kind_once()
    {
        Assert.Equal(
            [new Subject("Deployment", "ecommerce/cart"), new Subject("Service", "ecommerce/cart"), new Subject("Pod", "ecommerce/cart-0"),
             new Subject("DestinationRule", "ecommerce/cart"), new Subject("Namespace", "ecommerce"), new Subject("manifests", "")],
            [Subject.Deployment("ecommerce", "cart"), Subject.Service("ecommerce", "cart"), Subject.Pod("ecommerce", "cart-0"),
             Subject.DestinationRule("ecommerce", "cart"), Subject.Namespace("ecommerce"), Subject.AllManifests]);
    }
}

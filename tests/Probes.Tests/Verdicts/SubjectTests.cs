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

    [Fact]
    public void A_route_is_shown_with_what_it_takes_but_keyed_by_its_name_alone()
    {
        var route = AmbientVerify.TestSupport.Routes.HttpRoute(name: "bookinfo#0.1", path: AmbientVerify.TestSupport.Routes.Prefix("/static"));

        var subject = Subject.Route(route);

        Assert.Equal("bookinfo#0.1 /static…", subject.Display);
        Assert.Equal("bookinfo#0.1", subject.ToString());
        Assert.Equal(Subject.Route("bookinfo#0.1"), subject);
        Assert.Equal(Subject.Route("bookinfo#0.1").GetHashCode(), subject.GetHashCode());
        Assert.Equal("Deployment ecommerce/cart", Subject.Deployment("ecommerce", "cart").Display);
    }
}

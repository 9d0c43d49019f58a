using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.TestSupport;

namespace AmbientVerify.Probes.Tests.Expectations;

public class RouteExpectationsResolverTests
{
    private static readonly GatewayRoute Reviews = Routes.HttpRoute(name: "reviews", path: Routes.Prefix("/reviews"));
    private static readonly GatewayRoute Static = Routes.HttpRoute(name: "assets", path: Routes.Prefix("/static/css"), hostnames: ["shop.example.com"]);
    private static readonly GatewayRoute Orders = Routes.VirtualService(name: "orders", path: Routes.Prefix("/orders"));

    private static ExpectationsByRoute Resolve(string yaml, params GatewayRoute[] routes)
    {
        var file = ExpectationsFileReader.Parse(yaml, "expectations.yaml", Matrix.Defaults);
        return RouteExpectationsResolver.Resolve(file, Matrix.Defaults, Routes.Routing(routes), routes);
    }

    [Fact]
    public void Without_a_file_every_route_has_the_plans_values()
    {
        var byRoute = RouteExpectationsResolver.Resolve(null, Matrix.Defaults, Routes.Routing(Reviews), [Reviews]);

        Assert.Equal(RouteExpectations.Plan(Matrix.Defaults), byRoute.For(Reviews));
    }

    [Theory]
    [InlineData("{name: reviews}")]
    [InlineData("{name: ecommerce/reviews}")]
    [InlineData("{pathPrefix: /reviews}")]
    [InlineData("{pathPrefix: /}")]
    [InlineData("{name: reviews, pathPrefix: /reviews/}")]
    public void An_entry_matches_a_route_by_name_namespace_name_or_path_prefix(string match)
    {
        var byRoute = Resolve($"routes:\n  - match: {match}\n    retries: 0\n", Reviews);

        Assert.Equal((0, "expectations.yaml:2"), (byRoute.For(Reviews).Options.Retries, byRoute.For(Reviews).Source));
    }

    [Fact]
    public void A_host_matches_the_routes_of_the_virtual_host_a_request_for_it_reaches()
    {
        var byRoute = Resolve("routes:\n  - match: {host: shop.example.com}\n    retries: 1\n", Reviews, Static);

        Assert.Equal((1, 3), (byRoute.For(Static).Options.Retries, byRoute.For(Reviews).Options.Retries));
    }

    [Fact]
    public void A_path_prefix_covers_whole_segments_only()
    {
        var byRoute = Resolve("routes:\n  - match: {pathPrefix: /static}\n    retries: 1\n", Static, Reviews);

        Assert.Equal((1, RouteExpectations.PlanDefault), (byRoute.For(Static).Options.Retries, byRoute.For(Reviews).Source));
        var error = Assert.Throws<ManifestException>(() => Resolve("routes:\n  - match: {pathPrefix: /rev}\n    retries: 2\n", Reviews));
        Assert.Contains("matches no route of the gateway", error.Message);
    }

    [Fact]
    public void Every_criterion_given_must_match()
    {
        var error = Assert.Throws<ManifestException>(() => Resolve("routes:\n  - match: {name: reviews, host: shop.example.com}\n    retries: 0\n", Reviews, Static));

        Assert.StartsWith("expectations.yaml:2: expectations: routes[0].match {name reviews, host shop.example.com} matches no route of the gateway", error.Message);
    }

    [Fact]
    public void The_first_matching_entry_wins_and_the_others_get_the_files_defaults()
    {
        var byRoute = Resolve("""
            defaults:
              retries: 2
            routes:
              - match: { name: reviews }
                timeout: 15s
              - match: { pathPrefix: / }
                timeout: 20s
            """, Reviews, Orders);

        Assert.Equal((TimeSpan.FromSeconds(15), 2, "expectations.yaml:4"), (byRoute.For(Reviews).Options.RequestTimeout, byRoute.For(Reviews).Options.Retries, byRoute.For(Reviews).Source));
        Assert.Equal((TimeSpan.FromSeconds(20), "expectations.yaml:6"), (byRoute.For(Orders).Options.RequestTimeout, byRoute.For(Orders).Source));
    }

    [Fact]
    public void A_route_no_entry_matches_says_the_defaults_block_decided()
    {
        var byRoute = Resolve("defaults:\n  retries: 2\nroutes:\n  - match: {name: reviews}\n    retries: 0\n", Reviews, Orders);

        Assert.Equal((2, "expectations.yaml:2"), (byRoute.For(Orders).Options.Retries, byRoute.For(Orders).Source));
    }

    [Fact]
    public void Expect_none_marks_the_route_skipped_with_its_entry()
    {
        var byRoute = Resolve("routes:\n  - match: {name: orders}\n    expect: none\n", Reviews, Orders);

        Assert.Equal((true, "expectations.yaml:2"), (byRoute.For(Orders).SkipMatrix, byRoute.For(Orders).Source));
        Assert.False(byRoute.For(Reviews).SkipMatrix);
    }

    [Fact]
    public void An_entry_that_matches_no_route_stops_the_run_naming_its_line_and_the_routes_there_are()
    {
        var error = Assert.Throws<ManifestException>(() => Resolve("routes:\n  - match: {name: reviws}\n    timeout: 15s\n", Reviews, Orders));

        Assert.Equal(
            "expectations.yaml:2: expectations: routes[0].match {name reviws} matches no route of the gateway, so it would change nothing; the routes are: " +
            "reviews (HTTPRoute ecommerce/reviews, host *, path /reviews); orders (VirtualService ecommerce/orders, host *, path /orders)",
            error.Message);
    }

    [Fact]
    public void An_entry_every_route_of_which_an_earlier_entry_takes_stops_the_run_too()
    {
        var error = Assert.Throws<ManifestException>(() =>
            Resolve("routes:\n  - match: {pathPrefix: /}\n    retries: 1\n  - match: {name: reviews}\n    retries: 0\n", Reviews, Orders));

        Assert.Equal(
            "expectations.yaml:4: expectations: routes[1].match {name reviews} matches only routes an earlier entry already takes " +
            "(reviews, taken by routes[0] (expectations.yaml:2)), so it would change nothing: put the more specific entry first",
            error.Message);
    }
}

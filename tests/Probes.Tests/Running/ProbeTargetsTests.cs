using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Running;
using AmbientVerify.TestSupport;

namespace AmbientVerify.Probes.Tests.Running;

public class ProbeTargetsTests
{
    [Fact]
    public void A_header_gated_rule_is_probed_with_its_header_and_the_catch_all_without_it()
    {
        var canary = Routes.HttpRoute(name: "canary", backend: "canary",
            match: new RequestMatch(Routes.Prefix("/api")) { Headers = [new HeaderMatch("x-canary", StringMatch.Exact("true"))] });
        var stable = Routes.HttpRoute(name: "stable", backend: "stable", match: new RequestMatch(Routes.Prefix("/api")));

        var targets = ProbeTargets.For(Routes.Routing(canary, stable));

        Assert.Equal(new KeyValuePair<string, string>("x-canary", "true"), Assert.Single(targets[0].Request!.Headers));
        Assert.Empty(targets[1].Request!.Headers);
    }

    [Fact]
    public void A_rule_an_earlier_rule_takes_is_not_probed_and_says_which_rule_takes_it()
    {
        var broad = Routes.HttpRoute(name: "broad", path: Routes.Prefix("/api"));
        var shadowed = Routes.HttpRoute(name: "shadowed", path: Routes.Prefix("/api/orders"));

        var target = ProbeTargets.For(Routes.Routing(broad, shadowed))[1];

        Assert.Null(target.Request);
        Assert.Contains("is taken by broad", target.Problem);
    }

    [Theory]
    [InlineData("*", ProbeTargets.AnyHost)]
    [InlineData("api.example.com", "api.example.com")]
    [InlineData("*.example.com", "probe.example.com")]
    public void The_host_is_one_the_route_virtual_host_takes(string domain, string host)
    {
        var route = Routes.HttpRoute(hostnames: [domain]);

        Assert.Equal(host, ProbeTargets.For(Routes.Routing(route)).Single().Request!.Host);
    }

    [Fact]
    public void A_wildcard_host_whose_probe_name_a_more_exact_host_claims_finds_no_host()
    {
        var exact = Routes.HttpRoute(name: "exact", hostnames: ["probe.example.com"]);
        var wildcard = Routes.HttpRoute(name: "wildcard", hostnames: ["*.example.com"]);

        var target = ProbeTargets.For(Routes.Routing(exact, wildcard))[1];

        Assert.Null(target.Request);
        Assert.Contains("no host name reaches virtual host *.example.com", target.Problem);
    }

    [Fact]
    public void Method_exact_path_and_query_come_from_the_match()
    {
        var route = Routes.HttpRoute(match: new RequestMatch(Routes.Exact("/api/orders/1"))
        {
            Method = "POST",
            QueryParams = [new QueryParamMatch("page", StringMatch.Exact("2"))],
        });

        var request = ProbeTargets.For(Routes.Routing(route)).Single().Request!;

        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/orders/1?page=2", request.PathAndQuery());
        Assert.Equal("/api/orders/1?page=2&uuid=u", request.PathAndQuery("uuid=u"));
    }

    [Fact]
    public void A_regular_expression_path_is_probed_with_a_sample_it_matches()
    {
        var route = Routes.HttpRoute(path: Routes.Regex("/api/orders/[0-9]+"));

        Assert.Equal("/api/orders/0", ProbeTargets.For(Routes.Routing(route)).Single().Request!.Path);
    }

    [Fact]
    public void A_route_in_several_virtual_hosts_is_one_target()
    {
        var route = Routes.VirtualService(hosts: ["api.example.com", "shop.example.com"]);
        var inTwoHosts = new[] { route with { Domains = ["api.example.com"] }, route with { Domains = ["shop.example.com"] } };

        var target = Assert.Single(ProbeTargets.For(Routes.Routing(inTwoHosts)));

        Assert.Equal("api.example.com", target.Request!.Host);
    }

    [Fact]
    public void Routes_that_answer_by_themselves_are_not_targets()
    {
        var redirect = Routes.HttpRoute(actions: RouteActions.None with { Redirect = new Redirect(null, null, "example.org", null, null, RedirectPort.FromRequest, 302) });

        Assert.Empty(ProbeTargets.For(Routes.Routing(redirect)));
    }

    [Fact]
    public void The_tries_read_is_the_case_request_with_the_tries_header()
    {
        var request = new ProbeRequest("GET", "api.example.com", "/api/orders", [new("v", "2")], [new("x-canary", "true")]);

        using var read = request.ToTriesRead(new Uri("http://127.0.0.1:8080/"), "abc");

        Assert.Equal("http://127.0.0.1:8080/api/orders?v=2", read.RequestUri!.ToString());
        Assert.Equal("api.example.com", read.Headers.Host);
        Assert.Equal(["true"], read.Headers.GetValues("x-canary"));
        Assert.Equal(["abc"], read.Headers.GetValues(ProbeRequest.TriesHeader));
    }
}

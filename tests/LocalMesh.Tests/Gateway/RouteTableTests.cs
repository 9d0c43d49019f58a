using AmbientVerify.LocalMesh.Gateway;
using AmbientVerify.Manifests.Model;
using static AmbientVerify.LocalMesh.Tests.Support.TestRoutes;

namespace AmbientVerify.LocalMesh.Tests.Gateway;

public sealed class RouteTableTests
{
    [Theory]
    [InlineData("/api/customers", true)]
    [InlineData("/api/customers/1", true)]
    [InlineData("/api/customers/1/orders", true)]
    [InlineData("/api/customersX", false)]
    [InlineData("/api/custom", false)]
    [InlineData("/API/customers", false)]
    public void HttpRoute_prefix_matches_whole_path_segments(string path, bool matches)
    {
        var table = new RouteTable([HttpRoute(Prefix("/api/customers"))]);

        Assert.Equal(matches, table.Match("shop.example.com", path) is not null);
    }

    [Theory]
    [InlineData("/api/customers", true)]
    [InlineData("/api/customers/1", true)]
    [InlineData("/api/customersX", false)]
    public void HttpRoute_prefix_ignores_a_trailing_slash(string path, bool matches)
    {
        var table = new RouteTable([HttpRoute(Prefix("/api/customers/"))]);

        Assert.Equal(matches, table.Match("shop.example.com", path) is not null);
    }

    [Fact]
    public void VirtualService_prefix_is_a_plain_string_prefix()
    {
        var table = new RouteTable([VirtualService(Prefix("/api/customers"))]);

        Assert.NotNull(table.Match("shop.example.com", "/api/customersX"));
    }

    [Theory]
    [InlineData("/api/customers", true)]
    [InlineData("/api/customers/", false)]
    [InlineData("/api/customers/1", false)]
    public void Exact_matches_only_the_same_path(string path, bool matches)
    {
        var table = new RouteTable([HttpRoute(new PathMatch(PathMatchType.Exact, "/api/customers"))]);

        Assert.Equal(matches, table.Match("any", path) is not null);
    }

    [Theory]
    [InlineData("/api/customers/42", true)]
    [InlineData("/api/customers/42/x", false)]
    [InlineData("/v1/api/customers/42", false)]
    public void Regular_expression_must_match_the_whole_path(string path, bool matches)
    {
        var table = new RouteTable([HttpRoute(new PathMatch(PathMatchType.RegularExpression, "/api/customers/[0-9]+"))]);

        Assert.Equal(matches, table.Match("any", path) is not null);
    }

    [Fact]
    public void Longest_prefix_wins()
    {
        var table = new RouteTable([
            HttpRoute(Prefix("/api"), name: "api"),
            HttpRoute(Prefix("/api/customers"), name: "customers"),
        ]);

        Assert.Equal("customers", table.Match("any", "/api/customers/1")!.Route.Name);
    }

    [Fact]
    public void Exact_wins_over_a_longer_prefix()
    {
        var table = new RouteTable([
            HttpRoute(Prefix("/api/customers/list"), name: "prefix"),
            HttpRoute(new PathMatch(PathMatchType.Exact, "/api/customers/list"), name: "exact"),
        ]);

        Assert.Equal("exact", table.Match("any", "/api/customers/list")!.Route.Name);
    }

    [Fact]
    public void Unmatched_path_finds_no_route()
    {
        var table = new RouteTable([HttpRoute(Prefix("/api/customers"))]);

        Assert.Null(table.Match("any", "/api/orders"));
    }

    [Theory]
    [InlineData("shop.example.com", true)]
    [InlineData("SHOP.example.com", true)]
    [InlineData("other.example.com", false)]
    public void Route_hostnames_must_match_the_host(string host, bool matches)
    {
        var table = new RouteTable([HttpRoute(hostnames: ["shop.example.com"])]);

        Assert.Equal(matches, table.Match(host, "/api/customers") is not null);
    }

    [Theory]
    [InlineData("shop.example.com", true)]
    [InlineData("a.b.example.com", true)]
    [InlineData("example.com", false)]
    public void Wildcard_hostname_matches_subdomains_only(string host, bool matches)
    {
        var table = new RouteTable([HttpRoute(hostnames: ["*.example.com"])]);

        Assert.Equal(matches, table.Match(host, "/api/customers") is not null);
    }

    [Fact]
    public void Exact_hostname_wins_over_wildcard()
    {
        var table = new RouteTable([
            HttpRoute(hostnames: ["*.example.com"], name: "wildcard"),
            HttpRoute(hostnames: ["shop.example.com"], name: "exact"),
        ]);

        Assert.Equal("exact", table.Match("shop.example.com", "/api/customers")!.Route.Name);
    }
}

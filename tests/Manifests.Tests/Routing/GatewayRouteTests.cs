using AmbientVerify.Manifests.Model;
using AmbientVerify.Manifests.Routing;
using static AmbientVerify.TestSupport.Routes;

namespace AmbientVerify.Manifests.Tests.Routing;

/// <summary>How a route is shown to people beside its name: what requests it takes.</summary>
public class GatewayRouteTests
{
    public static TheoryData<GatewayRoute, string> Summaries => new()
    {
        { HttpRoute(path: Exact("/productpage")), "/productpage" },
        { HttpRoute(path: Prefix("/api/orders"), hostnames: ["shop.example.com"]), "shop.example.com/api/orders…" },
        { HttpRoute(path: Prefix("/")), "/…" },
        { HttpRoute(path: Regex("/api/v[0-9]+/.*")), "~/api/v[0-9]+/.*" },
        {
            HttpRoute(match: new RequestMatch(Prefix("/checkout"))
            {
                Method = "POST",
                Headers = [new HeaderMatch("x-canary", StringMatch.Exact("true")), new HeaderMatch("x-debug", new StringMatch(StringMatchType.Present, ""), Invert: true)],
                QueryParams = [new QueryParamMatch("v", new StringMatch(StringMatchType.RegularExpression, "2.*"))],
            }),
            "/checkout… POST [x-canary=true, !x-debug] ?v~2.*"
        },
    };

    [Theory]
    [MemberData(nameof(Summaries))]
    public void The_request_summary_says_host_path_method_headers_and_query(GatewayRoute route, string summary) =>
        Assert.Equal(summary, route.RequestSummary);
}

using AmbientVerify.Probes.Tests.TestSupport;

namespace AmbientVerify.Probes.Tests.Cli;

public class DataplaneAdminOptionTests
{
    private static (IReadOnlyList<Uri>? Endpoints, IReadOnlyList<string> Errors) Bind(string[] args, string? environment = null)
    {
        var (settings, errors) = OptionBinding.Bind(args, environment is null ? null : "Probes:DataplaneAdmin", environment);
        return (settings?.Dataplane?.Endpoints.ToList(), errors);
    }

    [Fact]
    public void Repeated_option_gives_every_endpoint_in_order()
    {
        var (endpoints, _) = Bind(["--dataplane-admin", "http://127.0.0.1:15000", "--dataplane-admin", "http://127.0.0.1:15001"]);

        Assert.Equal([new Uri("http://127.0.0.1:15000"), new Uri("http://127.0.0.1:15001")], endpoints);
    }

    [Fact]
    public void Configuration_value_is_split_on_commas()
    {
        var (endpoints, _) = Bind([], "http://127.0.0.1:15000, http://127.0.0.1:15001");

        Assert.Equal([new Uri("http://127.0.0.1:15000"), new Uri("http://127.0.0.1:15001")], endpoints);
    }

    [Fact]
    public void Command_line_wins_over_configuration()
    {
        var (endpoints, _) = Bind(["--dataplane-admin", "http://127.0.0.1:15000"], "http://127.0.0.1:9");

        Assert.Equal([new Uri("http://127.0.0.1:15000")], endpoints);
    }

    [Fact]
    public void No_endpoint_at_all_is_allowed_and_empty()
    {
        var (endpoints, errors) = Bind([]);

        Assert.Empty(errors);
        Assert.Empty(endpoints!);
    }

    [Fact]
    public void Endpoint_that_is_not_an_http_url_is_an_error()
    {
        var (_, errors) = Bind(["--dataplane-admin", "ztunnel:15000"]);

        Assert.Equal(["--dataplane-admin 'ztunnel:15000' is not an http(s) URL"], errors);
    }

    [Fact]
    public void Readiness_urls_and_timeout_come_from_their_options()
    {
        var (settings, errors) = OptionBinding.Bind(["--wait-ready", "http://127.0.0.1:2/health", "--wait-ready", "gateway:3", "--ready-timeout", "soon"]);

        Assert.Null(settings);
        Assert.Equal(["--wait-ready 'gateway:3' is not an http(s) URL", $"--ready-timeout 'soon' is not a duration ({AmbientVerify.Manifests.Durations.Expected})"], errors);
    }
}

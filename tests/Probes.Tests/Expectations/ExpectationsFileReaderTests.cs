using AmbientVerify.Manifests;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Tests.TestSupport;

namespace AmbientVerify.Probes.Tests.Expectations;

public class ExpectationsFileReaderTests
{
    private const string File = "expectations.yaml";

    private static ExpectationsFile Parse(string yaml) => ExpectationsFileReader.Parse(yaml, File, Matrix.Defaults);

    [Fact]
    public void Defaults_and_route_entries_are_read_with_their_lines()
    {
        var file = Parse("""
            defaults:
              tolerance: 1s
            routes:
              - match: { name: reviews }
                timeout: 15s
                retries: 0
              - match: { host: shop.example.com, pathPrefix: /static }
                expect: none
            """);

        Assert.Equal((new ExpectationValues(null, null, null, null, TimeSpan.FromSeconds(1)), "expectations.yaml:2"), (file.Defaults, file.DefaultsSource));
        Assert.Equal(
            [
                new RouteExpectationEntry(new RouteSelector("reviews", null, null), new ExpectationValues(TimeSpan.FromSeconds(15), 0, null, null, null), false, "routes[0]", "expectations.yaml:4"),
                new RouteExpectationEntry(new RouteSelector(null, "shop.example.com", "/static"), ExpectationValues.None, true, "routes[1]", "expectations.yaml:7"),
            ],
            file.Routes);
    }

    [Fact]
    public void Keys_the_file_does_not_set_keep_the_plans_values()
    {
        var entry = Parse("routes:\n  - match: {name: reviews}\n    retries: 1\n").Routes.Single();

        var options = entry.Values.ApplyTo(Matrix.Defaults);

        Assert.Equal((TimeSpan.FromSeconds(30), 1, TimeSpan.FromSeconds(10), Matrix.Defaults.RetryOn), (options.RequestTimeout, options.Retries, options.PerTryTimeout, options.RetryOn));
    }

    [Fact]
    public void An_empty_file_changes_nothing()
    {
        var file = Parse("# nothing yet\n");

        Assert.Equal((ExpectationValues.None, null, 0), (file.Defaults, file.DefaultsSource, file.Routes.Count));
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        { "malformed YAML", "routes:\n  - match: {name: reviews}\n   timeout: 15s\n", "expectations.yaml:3: YAML syntax error" },
        { "unclosed flow mapping", "routes:\n  - match: {name: reviews\n    timeout: 15s\n", "expectations.yaml:2: YAML syntax error: the document cannot be parsed after this line" },
        { "not a mapping", "- reviews\n", "expectations.yaml:1: expectations: the file is a list, not a mapping" },
        { "unknown top-level key", "route:\n  - match: {name: reviews}\n", "expectations.yaml:1: expectations: unknown key route (known: defaults, routes)" },
        { "unknown key in an entry", "routes:\n  - match: {name: reviews}\n    timout: 15s\n",
            "expectations.yaml:3: expectations: unknown key routes[0].timout (known: match, timeout, retries, perTryTimeout, retryOn, tolerance, expect)" },
        { "unknown key in a match", "routes:\n  - match: {service: reviews}\n", "expectations.yaml:2: expectations: unknown key routes[0].match.service (known: name, host, pathPrefix)" },
        { "unknown key in the defaults", "defaults:\n  expect: none\n",
            "expectations.yaml:2: expectations: unknown key defaults.expect (known: timeout, retries, perTryTimeout, retryOn, tolerance)" },
        { "bad duration", "routes:\n  - match: {name: reviews}\n    timeout: 15\n",
            $"expectations.yaml:3: expectations: routes[0].timeout '15' is not a duration ({Durations.Expected})" },
        { "retries not a number", "defaults:\n  retries: three\n", "expectations.yaml:2: expectations: defaults.retries 'three' is not an integer" },
        { "retries out of range", "routes:\n  - match: {name: reviews}\n    retries: 11\n",
            "expectations.yaml:2: expectations: routes[0]: retries must be between 0 and 10 (got 11)" },
        { "per-try not below the timeout", "routes:\n  - match: {name: reviews}\n    timeout: 5s\n",
            "expectations.yaml:2: expectations: routes[0]: per-try timeout must be positive and below the request timeout 5s, or Envoy drops it (got 10s)" },
        { "per-try not below the defaults' timeout", "defaults:\n  timeout: 10s\n",
            "expectations.yaml:2: expectations: defaults: per-try timeout must be positive and below the request timeout 10s" },
        { "unknown retryOn", "routes:\n  - match: {name: reviews}\n    retryOn: 5xx,resets\n", "expectations.yaml:2: expectations: routes[0]: " },
        { "entry without a match", "routes:\n  - timeout: 15s\n", "expectations.yaml:2: expectations: routes[0].match is missing" },
        { "empty match", "routes:\n  - match: {}\n", "expectations.yaml:2: expectations: routes[0].match is empty: give at least one of name, host, pathPrefix" },
        { "relative path prefix", "routes:\n  - match: {pathPrefix: static}\n", "expectations.yaml:2: expectations: routes[0].match.pathPrefix 'static' must start with /" },
        { "unknown expect", "routes:\n  - match: {name: reviews}\n    expect: nothing\n",
            "expectations.yaml:2: expectations: routes[0].expect 'nothing' is not known (the only value is 'none'" },
        { "values beside expect none", "routes:\n  - match: {name: reviews}\n    expect: none\n    timeout: 15s\n",
            "expectations.yaml:2: expectations: routes[0] sets expect: none and timeout: a skipped route is not judged" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_file_the_matrix_cannot_judge_by_is_refused_naming_file_and_line(string why, string yaml, string message)
    {
        var error = Assert.Throws<ManifestException>(() => Parse(yaml));

        Assert.True(error.Message.StartsWith(message, StringComparison.Ordinal), $"{why}: {error.Message}");
    }

    [Fact]
    public void Per_route_values_are_checked_over_the_plan_the_command_line_gives()
    {
        var shortPlan = new ExpectationOptions { RequestTimeout = TimeSpan.FromSeconds(5), PerTryTimeout = TimeSpan.FromSeconds(2) };

        var error = Assert.Throws<ManifestException>(() => ExpectationsFileReader.Parse("routes:\n  - match: {name: reviews}\n    perTryTimeout: 6s\n", File, shortPlan));

        Assert.Contains("below the request timeout 5s", error.Message);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_refused_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-expectations-{Guid.NewGuid():N}.yaml");

        var error = Assert.Throws<ManifestException>(() => ExpectationsFileReader.Load(missing, Matrix.Defaults));

        Assert.StartsWith($"{missing}: the expectations file cannot be read", error.Message);
    }
}

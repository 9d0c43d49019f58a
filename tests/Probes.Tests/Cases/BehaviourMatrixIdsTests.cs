using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Cases;

/// <summary>
/// Dashboards, CI history and tests key on the case ids: these tests fail when an id changes or two cases share one.
/// Sentences may be reworded freely; the tables below name no sentence.
/// </summary>
public class BehaviourMatrixIdsTests
{
    // The default matrix, in order: (id, capability id). Changing a row here is changing a public name.
    public static readonly (string Id, string? Capability)[] DefaultIds =
    [
        ("route-answers", null),
        ("status-500-retried-until-success", "retry-on-status"),
        ("status-500-returned-after-retries", "retry-on-status"),
        ("status-502-retried-until-success", "retry-on-status"),
        ("status-502-returned-after-retries", "retry-on-status"),
        ("status-503-retried-until-success", "retry-on-status"),
        ("status-503-returned-after-retries", "retry-on-status"),
        ("status-504-retried-until-success", "retry-on-status"),
        ("status-504-returned-after-retries", "retry-on-status"),
        ("reset-retried", "retry-on-reset"),
        ("slow-answer-within-per-try-timeout", null),
        ("stalled-try-retried", "retry-on-per-try-timeout"),
        ("stalled-request-ends-at-request-timeout", "route-timeout"),
        ("stalled-request-retried-before-timeout", "retry-on-per-try-timeout"),
    ];

    /// <summary>Options unlike the defaults in every way that shapes a case.</summary>
    public static TheoryData<string> OptionSets => ["defaults", "fewer retries and codes", "short timeouts", "no retries"];

    private static ExpectationOptions Options(string name) => name switch
    {
        "defaults" => Matrix.Defaults,
        "fewer retries and codes" => new ExpectationOptions { Retries = 1, RetriedStatusCodes = [503, 500] },
        "short timeouts" => new ExpectationOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(3), PerTryTimeout = TimeSpan.FromSeconds(1), Tolerance = TimeSpan.FromMilliseconds(100),
            StallMargin = TimeSpan.FromMilliseconds(500), StallAllMargin = TimeSpan.FromMilliseconds(500), RetriedStatusCodes = [599],
        },
        "no retries" => new ExpectationOptions { Retries = 0, RetryOn = "connect-failure" },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Fact]
    public void Default_matrix_has_exactly_the_ids_of_the_table_with_their_capabilities()
    {
        var cases = BehaviourMatrix.Build(Matrix.Defaults);

        Assert.Equal(DefaultIds, cases.Select(c => (c.Id, c.Needs.Id())));
    }

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Ids_are_unique(string options)
    {
        var ids = BehaviourMatrix.Build(Options(options)).Select(c => c.Id).ToList();

        Assert.Equal(ids.Distinct(), ids);
    }

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Ids_are_kebab_case(string options)
    {
        Assert.All(BehaviourMatrix.Build(Options(options)), c => Assert.True(CheckCase.IsValidId(c.Id), c.Id));
    }

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Sentences_are_unique_too(string options)
    {
        var sentences = BehaviourMatrix.Build(Options(options)).Select(c => c.Name).ToList();

        Assert.Equal(sentences.Distinct(), sentences);
    }

    [Fact]
    public void Status_code_cases_take_their_ids_from_the_configured_codes()
    {
        var ids = BehaviourMatrix.Build(Options("fewer retries and codes")).Select(c => c.Id).Where(id => id.StartsWith("status-", StringComparison.Ordinal));

        Assert.Equal(
            ["status-503-retried-until-success", "status-503-returned-after-retries", "status-500-retried-until-success", "status-500-returned-after-retries"],
            ids);
    }

    [Fact]
    public void The_stalled_request_keeps_its_id_when_its_sentence_counts_other_tries()
    {
        var defaults = Matrix.Case("stalled-request-retried-before-timeout");
        var twoTries = Matrix.Case("stalled-request-retried-before-timeout", Options("fewer retries and codes"));

        Assert.Equal(("a stalled request is tried 3 times first", "a stalled request is tried 2 times first"), (defaults.Name, twoTries.Name));
    }

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Cases_other_than_the_status_codes_keep_their_ids_whatever_the_options(string options)
    {
        static IEnumerable<string> NotStatus(IEnumerable<ProbeCase> cases) =>
            cases.Select(c => c.Id).Where(id => !id.StartsWith("status-", StringComparison.Ordinal));

        Assert.Equal(NotStatus(BehaviourMatrix.Build(Matrix.Defaults)), NotStatus(BehaviourMatrix.Build(Options(options))));
    }

    [Fact]
    public void A_case_id_that_is_not_kebab_case_is_refused()
    {
        var model = Matrix.Case("route-answers");

        Assert.Throws<ArgumentException>(() => model with { Id = "Route answers" });
    }

    [Fact]
    public void A_skipped_route_has_its_own_stable_id_no_case_of_the_matrix_uses()
    {
        Assert.Equal("matrix-skipped", BehaviourMatrix.Skipped.Id);
        Assert.DoesNotContain(BehaviourMatrix.Skipped.Id, DefaultIds.Select(row => row.Id));
    }

    [Theory]
    [InlineData(Capability.RetryOnStatus, "retry-on-status")]
    [InlineData(Capability.RetryOnReset, "retry-on-reset")]
    [InlineData(Capability.RetryOnPerTryTimeout, "retry-on-per-try-timeout")]
    [InlineData(Capability.RouteTimeout, "route-timeout")]
    [InlineData(Capability.None, null)]
    public void Capabilities_have_stable_kebab_case_ids(Capability capability, string? id)
    {
        Assert.Equal(id, capability.Id());
    }

    [Fact]
    public void Every_capability_has_an_id_or_is_none()
    {
        Assert.All(Enum.GetValues<Capability>().Where(c => c != Capability.None),
            c => Assert.True(c.Id() is { } id && CheckCase.IsValidId(id), c.ToString()));
    }
}

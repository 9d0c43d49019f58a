using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Tests.TestSupport;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary>--retried-status-codes / Probes:RetriedStatusCodes: which codes the matrix expects retried.</summary>
public class RetriedStatusCodesOptionTests
{
    private static (IList<int>? Codes, IReadOnlyList<string> Errors) Bind(string[] args, string? configured = null)
    {
        var (settings, errors) = OptionBinding.Bind(args, configured is null ? null : "Probes:RetriedStatusCodes", configured);
        return (settings?.Expectations.RetriedStatusCodes, errors);
    }

    [Fact]
    public void Without_the_option_the_plans_four_codes_are_expected()
    {
        var (codes, errors) = Bind([]);

        Assert.Empty(errors);
        Assert.Equal([500, 502, 503, 504], codes);
    }

    [Fact]
    public void The_option_names_the_codes_and_the_matrix_follows_them()
    {
        var (codes, _) = Bind(["--retried-status-codes", "503, 504"]);

        Assert.Equal([503, 504], codes);
        var ids = BehaviourMatrix.Build(new() { RetriedStatusCodes = codes! }).Select(c => c.Id).ToList();
        Assert.Contains("status-503-retried-until-success", ids);
        Assert.DoesNotContain("status-500-retried-until-success", ids);
    }

    [Fact]
    public void Configuration_is_read_and_the_command_line_wins()
    {
        Assert.Equal([502], Bind([], "502").Codes);
        Assert.Equal([500], Bind(["--retried-status-codes", "500"], "502").Codes);
    }

    [Theory]
    [InlineData("500,abc", "--retried-status-codes '500,abc': 'abc' is not a status code")]
    [InlineData("404", "retried status codes must be 5xx codes (got 404)")]
    [InlineData("503,503", "retried status codes must be distinct (got 503, 503)")]
    public void Codes_that_are_not_distinct_5xx_codes_are_refused_by_name(string value, string error)
    {
        var (codes, errors) = Bind(["--retried-status-codes", value]);

        Assert.Null(codes);
        Assert.Contains(error, errors);
    }
}

using System.CommandLine;
using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Reporting;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary>
/// <c>check</c> refuses what gate and serve refuse, in the same words, without needing the target (the AppHost runs it
/// before it starts anything; see AppHost's ProbesSettings).
/// </summary>
public sealed class CheckCommandTests
{
    [Theory]
    [InlineData("Probes:MaxRps", "100000", "max-rps must be above 0 and at most 100 (got 100000)")]
    [InlineData("Probes:RequestTimeout", "banana", "--request-timeout 'banana' is not a duration")]
    [InlineData("Probes:PerTryTimeout", "40s", "per-try")]
    [InlineData("Probes:RetriedStatusCodes", "404", "404")]
    public void A_setting_gate_refuses_is_a_problem_without_any_target(string key, string value, string words)
    {
        var problems = Problems(key, value);

        Assert.Contains(problems, p => p.Contains(words, StringComparison.Ordinal));
        Assert.Equal(problems, GateErrors(key, value));
    }

    [Fact]
    public void Valid_settings_without_a_gateway_or_manifests_have_no_problem()
    {
        Assert.Empty(Problems("Probes:MaxRps", "10"));
    }

    [Theory]
    [InlineData(new[] { "check" }, 0)]
    [InlineData(new[] { "check", "--max-rps", "100000" }, GateExitCode.Error)]
    [InlineData(new[] { "check", "--interval", "0s" }, GateExitCode.Error)]
    public async Task The_verb_exits_0_for_valid_settings_and_2_for_a_refused_one(string[] args, int exitCode)
    {
        Assert.Equal(exitCode, await ProbesCommandLine.Create().Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));
    }

    private static IReadOnlyList<string> Problems(string key, string value)
    {
        var options = new ProbeOptions();
        var command = new RootCommand();
        options.AddTo(command);
        return options.SettingsProblems(command.Parse([]), Configuration(key, value));
    }

    // What gate says for the same setting, with a target given.
    private static IReadOnlyList<string> GateErrors(string key, string value) => TestSupport.OptionBinding.Bind([], key, value).Errors;

    private static IConfiguration Configuration(string key, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>(key, value)]).Build();
}

using Microsoft.Extensions.Configuration;

namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// The AppHost's check of the Probes settings: the environment it hands the probes is what the probes' own check reads
/// (the contract between writer and reader runs the real Probes build).
/// </summary>
public sealed class ProbesSettingsTests
{
    [Fact]
    public void Each_probes_setting_becomes_the_probes_environment_variable()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(["--Probes:MaxRps=10", "--Probes:RequestTimeout=20s", "--Other:Key=x"]).Build();

        Assert.Equal([("Probes__MaxRps", "10"), ("Probes__RequestTimeout", "20s")], ProbesSettings.Environment(configuration).OrderBy(e => e.Name));
    }

    [Fact]
    public async Task A_setting_the_probes_refuse_is_refused_in_their_words()
    {
        var refusal = await ProbesSettings.RefusalAsync([("Probes__MaxRps", "100000")]);

        Assert.NotNull(refusal);
        Assert.Contains("check: max-rps must be above 0 and at most 100 (got 100000)", refusal);
    }

    [Fact]
    public void The_expectations_file_is_checked_as_the_probes_will_get_it()
    {
        var file = Path.GetFullPath("expectations.yaml");

        Assert.Equal(["--expectations", file], ProbesSettings.CheckedArguments(new AppHostOptions { Expectations = file }));
        Assert.Empty(ProbesSettings.CheckedArguments(new AppHostOptions()));
    }

    [Fact]
    public async Task Settings_the_probes_accept_are_not_refused()
    {
        Assert.Null(await ProbesSettings.RefusalAsync([("Probes__MaxRps", "10"), ("Probes__RequestTimeout", "20s")]));
    }
}

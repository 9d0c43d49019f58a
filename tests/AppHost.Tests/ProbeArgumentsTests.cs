namespace AmbientVerify.AppHost.Tests;

/// <summary>The dashboard run hands the probes the last --compare of the same output folder, and nothing else.</summary>
public sealed class ProbeArgumentsTests
{
    [Fact]
    public void The_compare_json_in_the_output_folder_is_the_last_comparison()
    {
        var output = ScratchDirectory.NewPath("ambientverify-last-comparison");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "compare.json"), "{}");

        Assert.Equal(Path.Combine(output, "compare.json"), ProbeArguments.LastComparison(AppHostOptions.Parse(["--output", output])));
    }

    [Fact]
    public void Without_a_compare_json_there_is_no_last_comparison()
    {
        var output = ScratchDirectory.NewPath("ambientverify-no-comparison");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "report.json"), "{}");

        Assert.Null(ProbeArguments.LastComparison(AppHostOptions.Parse(["--output", output])));
    }
}

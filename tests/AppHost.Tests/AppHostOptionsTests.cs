using AmbientVerify.TestSupport;
namespace AmbientVerify.AppHost.Tests;

public sealed class AppHostOptionsTests
{
    [Fact]
    public void Own_switches_are_taken_out_and_the_rest_is_left_for_Aspire()
    {
        var options = AppHostOptions.Parse(["--gate", "--sample", "sidecar", "--Probes:MaxRps=10", "--strict"]);

        Assert.Equal((true, "sidecar", true), (options.Gate, options.Sample, options.Strict));
        Assert.Equal(["--Probes:MaxRps=10"], options.Remaining);
    }

    [Theory]
    [InlineData("--frobnicate")]
    [InlineData("--comparison")]
    [InlineData("gate")]
    [InlineData("-x")]
    public void An_unknown_option_is_refused_with_the_usage(string unknown)
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(["--gate", unknown]));

        Assert.StartsWith($"Unknown option '{unknown}'.", error.Message);
        Assert.Contains("usage: dotnet run --project AppHost", error.Message);
    }

    [Fact]
    public void Configuration_given_as_two_arguments_and_the_hosts_own_switches_are_passed_on()
    {
        var options = AppHostOptions.Parse(["--Probes:MaxRps", "10", "--environment", "Development", "--gate"]);

        Assert.True(options.Gate);
        Assert.Equal(["--Probes:MaxRps", "10", "--environment", "Development"], options.Remaining);
    }

    [Fact]
    public void Namespace_labels_are_collected_and_a_malformed_one_is_refused()
    {
        var options = AppHostOptions.Parse(["--namespace-label", "shop:istio.io/dataplane-mode=ambient", "--namespace-label", "shop:team=a"]);

        Assert.Equal(["shop:istio.io/dataplane-mode=ambient", "shop:team=a"], options.NamespaceLabels.Select(l => l.ToString()));
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(["--namespace-label", "shop=ambient"]));
        Assert.Equal("--namespace-label: 'shop=ambient' is not namespace:key=value (e.g. ecommerce:istio.io/dataplane-mode=ambient)", error.Message);
    }

    [Fact]
    public void An_expectations_file_is_passed_on_as_an_absolute_path_read_from_the_working_directory()
    {
        var file = Path.GetTempFileName();
        try
        {
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);

            var options = AppHostOptions.Parse(["--expectations", relative]);

            Assert.Equal(file, options.Expectations);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_expectations_file_is_refused_naming_the_path()
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(["--expectations", "no-such-expectations.yaml"]));

        Assert.Equal($"--expectations: no such file: {Path.GetFullPath("no-such-expectations.yaml")}", error.Message);
    }

    [Fact]
    public void A_configuration_key_without_its_value_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(["--Probes:MaxRps", "--gate"]));

        Assert.StartsWith("--Probes:MaxRps needs a value.", error.Message);
    }

    [Fact]
    public void Sidecar_sample_implies_expecting_sidecar_mode()
    {
        Assert.Equal("sidecar", AppHostOptions.Parse(["--sample", "sidecar"]).ExpectedMode);
    }

    [Fact]
    public void Explicit_expect_wins_over_the_sample()
    {
        Assert.Equal("ambient", AppHostOptions.Parse(["--sample", "sidecar", "--expect", "ambient"]).ExpectedMode);
    }

    [Fact]
    public void Own_manifests_are_expected_in_ambient_mode_by_default()
    {
        Assert.Equal("ambient", AppHostOptions.Parse(["--manifests", "x"]).ExpectedMode);
    }

    [Fact]
    public void A_switch_without_its_value_is_refused_with_the_usage()
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(["--sample", "--gate"]));

        Assert.Contains("--sample needs a value", error.Message);
    }

    [Fact]
    public void Sample_and_manifests_together_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(["--sample", "ambient", "--manifests", "x"]));

        Assert.Contains("either --sample or --manifests", error.Message);
    }

    [Fact]
    public void An_unknown_expect_mode_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(["--expect", "waypoint"]));

        Assert.Contains("'ambient' or 'sidecar'", error.Message);
    }

    [Fact]
    public void The_usage_names_every_sample_folder()
    {
        var usageLine = AppHostOptions.Usage.Split('\n').Single(l => l.TrimStart().StartsWith("--sample NAME", StringComparison.Ordinal));

        Assert.All(Directory.GetDirectories(Path.Combine(Repository.Root, "samples", "ecommerce")).Select(Path.GetFileName),
            sample => Assert.Contains(sample!, usageLine));
    }

    [Fact]
    public void An_unknown_sample_names_the_known_ones()
    {
        var appHostDirectory = Path.Combine(Repository.Root, "AppHost");

        var error = Assert.Throws<ArgumentException>(() =>
            AppHostOptions.Parse(["--sample", "ambeint"]).ResolveManifestDirectory(appHostDirectory));

        Assert.Contains("Unknown sample 'ambeint'", error.Message);
        Assert.Contains("ambient-as-planned", error.Message);
    }

    [Fact]
    public void Manifests_are_resolved_against_the_working_directory()
    {
        var resolved = AppHostOptions.Parse(["--manifests", "rendered"]).ResolveManifestDirectory("/anywhere/AppHost");

        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "rendered"), resolved);
    }

    [Fact]
    public void Compare_defaults_to_the_sidecar_and_ambient_samples_three_nodes_200_rps_for_a_minute()
    {
        var options = AppHostOptions.Parse(["--compare"]);
        var (before, after) = options.ResolveCompareDirectories(Path.Combine(Repository.Root, "AppHost"));

        Assert.True(options.Compare);
        Assert.Equal((3, 200, TimeSpan.FromSeconds(60)), (options.Nodes, options.LoadRate, options.LoadDuration));
        Assert.Equal(Path.Combine(Repository.Root, "samples", "ecommerce", "sidecar"), before);
        Assert.Equal(Path.Combine(Repository.Root, "samples", "ecommerce", "ambient"), after);
    }

    [Fact]
    public void Compare_takes_its_load_and_node_count_from_the_command_line()
    {
        var options = AppHostOptions.Parse(["--compare", "--nodes", "10", "--rate", "50", "--duration", "2m", "--output", "out"]);

        Assert.Equal((10, 50, TimeSpan.FromMinutes(2), "out"), (options.Nodes, options.LoadRate, options.LoadDuration, options.Output));
    }

    [Theory]
    [InlineData("--rate", "0", "--rate must be a whole number from 1 to 5000, not '0'.")]
    [InlineData("--rate", "100000", "--rate must be a whole number from 1 to 5000, not '100000'.")]
    [InlineData("--nodes", "three", "--nodes must be a whole number from 1 to 1000, not 'three'.")]
    [InlineData("--duration", "3h", "--duration must be a duration from 1s to 30m such as 60s or 2m, not '3h'.")]
    [InlineData("--duration", "0s", "--duration must be a duration from 1s to 30m such as 60s or 2m, not '0s'.")]
    public void Compare_refuses_a_load_beyond_its_bounds(string option, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(["--compare", option, value]));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("--gate")]
    [InlineData("--sample", "sidecar")]
    [InlineData("--manifests", "rendered")]
    public void Compare_does_not_combine_with_a_gate_or_a_single_set_of_manifests(params string[] other)
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(["--compare", .. other]));

        Assert.Contains("--compare takes its manifests from --before and --after", error.Message);
    }

    [Fact]
    public void Before_and_after_without_compare_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(["--gate", "--before", "a"]));

        Assert.Equal("--before, --after, --ztunnel-*, --cni-* and --before-ran-cni belong to --compare.", error.Message);
    }

    [Fact]
    public void A_missing_before_directory_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            AppHostOptions.Parse(["--compare", "--before", "no-such-dir"]).ResolveCompareDirectories(Path.Combine(Repository.Root, "AppHost")));

        Assert.Equal($"--before: no such directory: {Path.GetFullPath("no-such-dir")}", error.Message);
    }

    [Fact]
    public void Compare_passes_the_ztunnel_and_istio_cni_sizing_on_as_given()
    {
        var options = AppHostOptions.Parse(["--compare", "--ztunnel-memory", "256Mi", "--cni-cpu", "50m", "--before-ran-cni"]);

        Assert.Equal(["--ztunnel-memory", "256Mi", "--cni-cpu", "50m", "--before-ran-cni"], options.SizingArguments);
    }

    [Theory]
    [InlineData("--ztunnel-memory", "512MB")]
    [InlineData("--cni-cpu", "lots")]
    public void Compare_refuses_a_sizing_that_is_not_a_quantity(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(["--compare", option, value]));

        Assert.Contains($"'{value}'", error.Message);
        Assert.Contains(option, error.Message);
    }
}

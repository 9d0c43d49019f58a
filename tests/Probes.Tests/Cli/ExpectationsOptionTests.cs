using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.TestSupport;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary>--expectations / Probes:Expectations: the per-route expectations file, read before the run starts.</summary>
public sealed class ExpectationsOptionTests : IDisposable
{
    private readonly TempDirectory _directory = new("probes-expectations-option-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Without_the_option_there_is_no_file()
    {
        var (settings, errors) = OptionBinding.Bind([]);

        Assert.Empty(errors);
        Assert.Null(settings!.ExpectationsFile);
    }

    [Fact]
    public void The_file_is_read_from_the_option_or_from_configuration()
    {
        var file = _directory.Write("expectations.yaml", "routes:\n  - match: {name: reviews}\n    retries: 0\n");

        Assert.Equal(0, OptionBinding.Bind(["--expectations", file]).Settings!.ExpectationsFile!.Routes.Single().Values.Retries);
        Assert.Equal(file, OptionBinding.Bind([], "Probes:Expectations", file).Settings!.ExpectationsFile!.Path);
    }

    [Fact]
    public void A_bad_file_is_refused_before_the_run_with_its_file_and_line()
    {
        var file = _directory.Write("expectations.yaml", "routes:\n  - match: {name: reviews}\n    timeout: soon\n");

        var (settings, errors) = OptionBinding.Bind(["--expectations", file]);

        Assert.Null(settings);
        Assert.StartsWith($"--expectations: {file}:3: expectations: routes[0].timeout 'soon' is not a duration", Assert.Single(errors));
    }

    [Fact]
    public void Per_route_values_are_checked_over_the_command_lines_plan()
    {
        var file = _directory.Write("expectations.yaml", "routes:\n  - match: {name: reviews}\n    perTryTimeout: 3s\n");

        var (_, errors) = OptionBinding.Bind(["--expectations", file, "--request-timeout", "2s", "--per-try-timeout", "1s"]);

        Assert.Contains("below the request timeout 2s", Assert.Single(errors));
    }
}

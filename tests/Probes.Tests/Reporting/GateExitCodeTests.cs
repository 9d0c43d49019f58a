using AmbientVerify.Probes.Reporting;

namespace AmbientVerify.Probes.Tests.Reporting;

public class GateExitCodeTests
{
    [Fact]
    public void Passes_and_gaps_exit_0()
    {
        Assert.Equal(0, GateExitCode.For(SampleReports.With(SampleReports.Passed, SampleReports.Gap), strict: false));
    }

    [Fact]
    public void A_gap_under_strict_exits_1()
    {
        Assert.Equal(1, GateExitCode.For(SampleReports.With(SampleReports.Passed, SampleReports.Gap), strict: true));
    }

    [Fact]
    public void A_fail_exits_1()
    {
        Assert.Equal(1, GateExitCode.For(SampleReports.With(SampleReports.Passed, SampleReports.Failed), strict: false));
    }

    [Fact]
    public void An_error_exits_2_even_beside_a_fail()
    {
        Assert.Equal(2, GateExitCode.For(SampleReports.With(SampleReports.Failed, SampleReports.Errored), strict: false));
    }

    [Fact]
    public void A_run_that_could_not_start_exits_2()
    {
        Assert.Equal(2, GateExitCode.For(SampleReports.With() with { Problem = "bad manifests" }, strict: false));
    }

    [Fact]
    public void A_run_with_no_results_exits_2()
    {
        Assert.Equal(2, GateExitCode.For(SampleReports.With(), strict: false));
    }
}

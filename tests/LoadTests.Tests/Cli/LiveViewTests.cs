using AmbientVerify.LoadTests.Cli;
using AmbientVerify.LoadTests.Engine;
using static AmbientVerify.TestSupport.TestTimes;

namespace AmbientVerify.LoadTests.Tests.Cli;

public sealed class LiveViewTests
{
    [Fact]
    public void The_plain_progress_line_says_scenario_rate_counts_last_failure_and_time()
    {
        var line = LiveView.PlainLine(new LoadProgress("shop", 0, 2, S(12), S(65), false, 199.6, 2400, 3, "error:timeout"));

        Assert.Equal("[1/2] shop rps 200 ok 2400 fail 3 last error:timeout 12s/65s", line);
    }

    [Fact]
    public void The_plain_progress_line_marks_the_warm_up()
    {
        Assert.Contains("shop (warm-up) rps", LiveView.PlainLine(new LoadProgress("shop", 0, 1, S(2), S(65), true, 200, 0, 0, null)));
    }
}

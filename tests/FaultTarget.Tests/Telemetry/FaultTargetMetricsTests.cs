using AmbientVerify.FaultTarget.Telemetry;

namespace AmbientVerify.FaultTarget.Tests.Telemetry;

public sealed class FaultTargetMetricsTests
{
    [Theory]
    [InlineData("200", "2xx")]
    [InlineData("503", "5xx")]
    [InlineData("reset", "reset")]
    [InlineData("cancelled", "cancelled")]
    [InlineData("rejected", "rejected")]
    public void Outcomes_are_reduced_to_low_cardinality_classes(string outcome, string expected)
    {
        Assert.Equal(expected, FaultTargetMetrics.OutcomeClass(outcome));
    }
}

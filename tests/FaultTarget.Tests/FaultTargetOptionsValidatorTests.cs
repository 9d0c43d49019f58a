namespace AmbientVerify.FaultTarget.Tests;

public sealed class FaultTargetOptionsValidatorTests
{
    private readonly FaultTargetOptionsValidator validator = new();

    [Fact]
    public void The_defaults_with_a_service_name_are_valid()
    {
        Assert.True(validator.Validate(null, new FaultTargetOptions { ServiceName = "customer-service" }).Succeeded);
    }

    public static TheoryData<string, FaultTargetOptions> InvalidOptions => new()
    {
        { "ServiceName", new FaultTargetOptions { ServiceName = "" } },
        { "ServiceName", new FaultTargetOptions { ServiceName = "bad\r\nname" } },
        { "MaxDelay", new FaultTargetOptions { ServiceName = "s", MaxDelay = TimeSpan.Zero } },
        { "MaxTrackedRequests", new FaultTargetOptions { ServiceName = "s", MaxTrackedRequests = 0 } },
        { "TrackedRequestTtl", new FaultTargetOptions { ServiceName = "s", TrackedRequestTtl = TimeSpan.FromSeconds(-1) } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_settings_are_refused_naming_the_setting(string setting, FaultTargetOptions options)
    {
        var result = validator.Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains($"FaultTarget:{setting}", result.FailureMessage);
    }
}

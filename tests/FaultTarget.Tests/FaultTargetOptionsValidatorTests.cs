namespace AmbientVerify.FaultTarget.Tests;

public sealed class FaultTargetOptionsValidatorTests
{
    private readonly FaultTargetOptionsValidator validator = new();

    [Fact]
    public void The_defaults_with_a_service_name_are_valid()
    {
        Assert.True(validator.Validate(null, new FaultTargetOptions { ServiceName = "customer-service" }).Succeeded);
    }

    [Fact]
    public void A_list_of_services_with_their_own_listeners_is_valid()
    {
        var result = validator.Validate(null, WithServices(
            Service("customer-service", "http://localhost:5101"), Service("order-service", "http://127.0.0.1:0"), Service("saga-tracker", "http://127.0.0.1:0")));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    public static TheoryData<string, FaultTargetOptions> InvalidOptions => new()
    {
        { "ServiceName", new FaultTargetOptions { ServiceName = "" } },
        { "ServiceName", new FaultTargetOptions { ServiceName = "bad\r\nname" } },
        { "Namespace", new FaultTargetOptions { ServiceName = "s", Namespace = "" } },
        { "Replicas", new FaultTargetOptions { ServiceName = "s", Replicas = -1 } },
        { "MaxDelay", new FaultTargetOptions { ServiceName = "s", MaxDelay = TimeSpan.Zero } },
        { "MaxTrackedRequests", new FaultTargetOptions { ServiceName = "s", MaxTrackedRequests = 0 } },
        { "TrackedRequestTtl", new FaultTargetOptions { ServiceName = "s", TrackedRequestTtl = TimeSpan.FromSeconds(-1) } },
        { "Services:1:Name", WithServices(Service("a", "http://127.0.0.1:0"), Service("b c", "http://127.0.0.1:0")) },
        { "Services:0:Namespace", WithServices(new StandInServiceOptions { Name = "a", Namespace = "", Url = "http://127.0.0.1:0" }) },
        { "Services:0:Replicas", WithServices(new StandInServiceOptions { Name = "a", Url = "http://127.0.0.1:0", Replicas = -2 }) },
        { "Services:0:Url", WithServices(Service("a", "")) },
        { "Services:0:Url", WithServices(Service("a", "https://127.0.0.1:5001")) },
        { "Services:0:Url", WithServices(Service("a", "http://127.0.0.1:5001/api")) },
        { "Services:0:Url", WithServices(Service("a", "http://customer-service:8080")) },
        { "Services:0:Url", WithServices(Service("a", "http://localhost:0")) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_settings_are_refused_naming_the_setting(string setting, FaultTargetOptions options)
    {
        var result = validator.Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains($"FaultTarget:{setting}", result.FailureMessage);
    }

    [Fact]
    public void The_same_service_twice_is_refused_naming_it()
    {
        var result = validator.Validate(null, WithServices(Service("a", "http://127.0.0.1:0"), Service("a", "http://127.0.0.1:0")));

        Assert.True(result.Failed);
        Assert.Contains("ecommerce/a 2 times", result.FailureMessage);
    }

    [Fact]
    public void Two_services_on_one_port_are_refused_naming_both()
    {
        var result = validator.Validate(null, WithServices(Service("a", "http://127.0.0.1:5101"), Service("b", "http://localhost:5101")));

        Assert.True(result.Failed);
        Assert.Contains("port 5101 to a and b", result.FailureMessage);
    }

    [Fact]
    public void A_service_name_beside_a_list_of_services_is_refused()
    {
        var options = WithServices(Service("a", "http://127.0.0.1:0"));
        options.ServiceName = "b";

        var result = validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("FaultTarget:ServiceName 'b' and FaultTarget:Services are both set", result.FailureMessage);
    }

    private static StandInServiceOptions Service(string name, string url) => new() { Name = name, Namespace = "ecommerce", Url = url };

    private static FaultTargetOptions WithServices(params StandInServiceOptions[] services) => new() { Services = [.. services] };
}

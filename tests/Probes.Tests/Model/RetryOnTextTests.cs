using AmbientVerify.Probes.Model;

namespace AmbientVerify.Probes.Tests.Model;

public class RetryOnTextTests
{
    [Fact]
    public void Legacy_retry_on_reads_as_its_four_conditions()
    {
        var flags = RetryOnText.Parse("5xx,reset,connect-failure,refused-stream", out var codes);

        Assert.Equal(RetryOn.FiveXx | RetryOn.Reset | RetryOn.ConnectFailure | RetryOn.RefusedStream, flags);
        Assert.Empty(codes);
    }

    [Fact]
    public void Bare_status_codes_become_retriable_status_codes()
    {
        var flags = RetryOnText.Parse("gateway-error, 500", out var codes);

        Assert.Equal(RetryOn.GatewayError | RetryOn.RetriableStatusCodes, flags);
        Assert.Equal([500], codes);
    }

    [Fact]
    public void Unknown_condition_is_named_in_the_error()
    {
        var error = Assert.Throws<FormatException>(() => RetryOnText.Parse("5xx,retry-everything", out _));

        Assert.Contains("retry-everything", error.Message);
    }
}

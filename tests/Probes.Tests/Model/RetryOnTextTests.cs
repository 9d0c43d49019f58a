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

    // Every name Envoy's retry_state_impl.cc parses (and Istio's webhook accepts) is accepted.
    [Theory]
    [InlineData("5xx", RetryOn.FiveXx)]
    [InlineData("gateway-error", RetryOn.GatewayError)]
    [InlineData("reset", RetryOn.Reset)]
    [InlineData("reset-before-request", RetryOn.ResetBeforeRequest)]
    [InlineData("connect-failure", RetryOn.ConnectFailure)]
    [InlineData("envoy-ratelimited", RetryOn.EnvoyRateLimited)]
    [InlineData("retriable-4xx", RetryOn.Retriable4xx)]
    [InlineData("refused-stream", RetryOn.RefusedStream)]
    [InlineData("retriable-status-codes", RetryOn.RetriableStatusCodes)]
    [InlineData("retriable-headers", RetryOn.RetriableHeaders)]
    [InlineData("http3-post-connect-failure", RetryOn.Http3PostConnectFailure)]
    [InlineData("cancelled", RetryOn.Cancelled)]
    [InlineData("deadline-exceeded", RetryOn.DeadlineExceeded)]
    [InlineData("internal", RetryOn.Internal)]
    [InlineData("resource-exhausted", RetryOn.ResourceExhausted)]
    [InlineData("unavailable", RetryOn.Unavailable)]
    public void Every_envoy_condition_name_is_accepted(string name, RetryOn flag)
    {
        Assert.Equal(flag, RetryOnText.Parse(name, out _));
        Assert.Equal(name, RetryOnText.Format(flag));
    }

    // Unknown names and Envoy's names in another case are refused, each named in the message.
    [Theory]
    [InlineData("5xx,retry-everything", "retry-everything")]
    [InlineData("5XX", "'5xx'")]
    [InlineData("Reset", "'reset'")]
    [InlineData("599", "reason phrase")]
    [InlineData("306", "reason phrase")]
    public void Unknown_condition_is_refused_with_its_name(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RetryOnText.Parse(text, out _));

        Assert.Contains(expected, error.Message);
    }

    // retry.go parseRetryOn: strconv.Atoi then http.StatusText (Go's table, not .NET's HttpStatusCode).
    [Theory]
    [InlineData("503", true, 503)]
    [InlineData("418", true, 418)]
    [InlineData("425", true, 425)]
    [InlineData("+503", true, 503)]
    [InlineData("0503", true, 503)]
    [InlineData("306", false, 0)]
    [InlineData("509", false, 0)]
    [InlineData("599", false, 0)]
    [InlineData("600", false, 0)]
    [InlineData("5e2", false, 0)]
    public void Numbers_are_status_codes_only_as_istio_reads_them(string text, bool isCode, int code)
    {
        Assert.Equal(isCode, RetryOnText.IsIstioStatusCode(text, out var parsed));
        if (isCode)
        {
            Assert.Equal(code, parsed);
        }
    }

    [Fact]
    public void Lenient_parse_ignores_unknown_parts_as_envoy_does()
    {
        var flags = RetryOnText.ParseLenient("retriable-4xx,on-tuesdays,503", out var codes, out var unknown);

        Assert.Equal(RetryOn.Retriable4xx | RetryOn.RetriableStatusCodes, flags);
        Assert.Equal([503], codes);
        Assert.Equal(["on-tuesdays"], unknown);
    }
}

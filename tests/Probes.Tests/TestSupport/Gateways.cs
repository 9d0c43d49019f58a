using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Model;

namespace AmbientVerify.Probes.Tests.TestSupport;

/// <summary>Fake gateway scenarios for end-to-end runs with short timeouts.</summary>
internal static class Gateways
{
    /// <summary>Request 1s, per-try 300ms, 3 retries on 5xx/reset: the policy the short CLI runs expect.</summary>
    public static readonly RouterPolicy ShortPolicy = new(
        TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300), 3, RetryOn.FiveXx | RetryOn.Reset | RetryOn.ConnectFailure | RetryOn.RefusedStream, [],
        RouterPolicy.DefaultBackoffBase);

    public static readonly string[] ShortPolicyArguments =
        ["--request-timeout", "1s", "--per-try-timeout", "300ms", "--tolerance", "250ms", "--max-rps", "100"];

    /// <summary>Applies <see cref="ShortPolicy"/> as the router model says.</summary>
    public static GatewayAnswer Honest(FaultInstruction fault)
    {
        var outcome = EnvoyRouterModel.Predict(ShortPolicy, fault.ToScript());
        return new GatewayAnswer(outcome.Status, outcome.Tries, outcome.ElapsedMin);
    }

    /// <summary>One try only, whatever it gave; the request timeout still applies.</summary>
    public static GatewayAnswer NeverRetries(FaultInstruction fault) => fault.ToScript().OnTry(1) switch
    {
        TryBehaviour.Answer a => new GatewayAnswer(a.StatusCode, 1, TimeSpan.Zero),
        TryBehaviour.Delayed d when d.Delay >= ShortPolicy.RouteTimeout => new GatewayAnswer(504, 1, ShortPolicy.RouteTimeout!.Value),
        TryBehaviour.Delayed d => new GatewayAnswer(d.StatusCode, 1, d.Delay),
        _ => new GatewayAnswer(503, 1, TimeSpan.Zero),
    };
}

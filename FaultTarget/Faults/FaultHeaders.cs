namespace AmbientVerify.FaultTarget.Faults;

/// <summary>Header names of the fault protocol.</summary>
public static class FaultHeaders
{
    /// <summary>On every answered try: the try number of this request's uuid (1 for a request without uuid).</summary>
    public const string Try = "x-fault-try";

    /// <summary>On every response: the service this FaultTarget stands in for.</summary>
    public const string Service = "x-fault-service";

    /// <summary>Present when the requested delay exceeded the cap: the delay actually waited (e.g. <c>60s</c>).</summary>
    public const string DelayCapped = "x-fault-delay-capped";

    /// <summary>Sent by Envoy on each upstream try (1, 2, …); recorded per try.</summary>
    public const string EnvoyAttemptCount = "x-envoy-attempt-count";
}

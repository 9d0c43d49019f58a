namespace AmbientVerify.FaultTarget.Faults;

/// <summary>Header names of the fault protocol.</summary>
public static class FaultHeaders
{
    /// <summary>On every answered try: the try number of this request's uuid (1 for a request without uuid).</summary>
    public const string Try = "x-fault-try";

    /// <summary>
    /// A tries read by request value: any request (any method, path, query) carrying this header with a uuid is
    /// answered with that uuid's tries document (200, JSON), is not counted as a try and gets no fault. The probes
    /// read tries with exactly the case request's method, host, path, headers and query, so the read takes the same
    /// route as the tries it asks about.
    /// </summary>
    public const string TriesRead = "x-ambientverify-tries";

    /// <summary>On every response: the Service that answered (the one whose listener the request arrived on).</summary>
    public const string Service = "x-fault-service";

    /// <summary>Present when the requested delay exceeded the cap: the delay actually waited (e.g. <c>60s</c>).</summary>
    public const string DelayCapped = "x-fault-delay-capped";

    /// <summary>Sent by Envoy on each upstream try (1, 2, …); recorded per try.</summary>
    public const string EnvoyAttemptCount = "x-envoy-attempt-count";
}

namespace AmbientVerify.FaultTarget;

/// <summary>Settings of the FaultTarget, bound from the <c>FaultTarget</c> configuration section.</summary>
public sealed class FaultTargetOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "FaultTarget";

    /// <summary>The fallback when neither <c>FaultTarget:ServiceName</c> nor <c>OTEL_SERVICE_NAME</c> is set.</summary>
    public const string DefaultServiceName = "echo";

    /// <summary>
    /// The ecommerce service this instance stands in for (e.g. <c>customer-service</c>): it picks the JSON the
    /// ordinary paths answer with and is sent in <c>x-fault-service</c>. Default: the <c>OTEL_SERVICE_NAME</c>
    /// environment variable (Aspire sets it to the resource name), else <c>echo</c>.
    /// </summary>
    public string ServiceName { get; set; } = "";

    /// <summary>
    /// The longest delay a <c>?delay=</c> instruction may cause; longer ones are cut to this and the response says so
    /// in <c>x-fault-delay-capped</c>. Keeps a typo from holding a connection for hours. Default: 60 seconds.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many uuids are tracked at once; when full, the uuid tried least recently is forgotten. Default: 10000.
    /// </summary>
    public int MaxTrackedRequests { get; set; } = 10_000;

    /// <summary>
    /// How long a uuid is remembered after its last try; a probe reads its tries right after its request, so
    /// minutes are plenty. Default: 10 minutes.
    /// </summary>
    public TimeSpan TrackedRequestTtl { get; set; } = TimeSpan.FromMinutes(10);
}

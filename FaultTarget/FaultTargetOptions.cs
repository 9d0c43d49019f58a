using AmbientVerify.FaultTarget.StandIns;

namespace AmbientVerify.FaultTarget;

/// <summary>Settings of the FaultTarget, bound from the <c>FaultTarget</c> configuration section.</summary>
public sealed class FaultTargetOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "FaultTarget";

    /// <summary>The fallback when neither <c>FaultTarget:ServiceName</c> nor <c>OTEL_SERVICE_NAME</c> is set.</summary>
    public const string DefaultServiceName = "echo";

    /// <summary>The namespace of the single-service form when <c>FaultTarget:Namespace</c> is not set: Kubernetes' own default.</summary>
    public const string DefaultNamespace = "default";

    /// <summary>
    /// Every Service this process stands in for, one listener each (<c>FaultTarget:Services:0:Name</c>, <c>…:Namespace</c>,
    /// <c>…:Url</c>, <c>…:Replicas</c>): a request answers as the Service whose listener it arrived on. When set, the
    /// process listens on exactly these URLs and <see cref="ServiceName"/> must be empty. Default: none (the
    /// single-service form below).
    /// </summary>
    public List<StandInServiceOptions> Services { get; set; } = [];

    /// <summary>
    /// The single-service form: the ecommerce service this instance stands in for on every address it listens on
    /// (e.g. <c>customer-service</c>). Default: the <c>OTEL_SERVICE_NAME</c> environment variable (Aspire sets it to the
    /// resource name), else <c>echo</c>. Ignored (and must be empty) when <see cref="Services"/> is given.
    /// </summary>
    public string ServiceName { get; set; } = "";

    /// <summary>The namespace of the single-service form, used where a try names its Service. Default: <c>default</c>.</summary>
    public string Namespace { get; set; } = DefaultNamespace;

    /// <summary>The pods of the single-service form's Deployment that share this process. Default: 1.</summary>
    public int Replicas { get; set; } = 1;

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

    /// <summary>The Services this process answers as, whichever form configured them; the first is the default.</summary>
    public IReadOnlyList<StandInService> StandInServices() =>
        Services.Count > 0
            ? [.. Services.Select(s => new StandInService(s.Name, s.Namespace, s.Replicas, s.Url))]
            : [new StandInService(ServiceName, Namespace, Replicas, Url: null)];
}

/// <summary>One entry of <c>FaultTarget:Services</c>: a Service and the listener that answers as it.</summary>
public sealed class StandInServiceOptions
{
    /// <summary>The Service's name (e.g. <c>order-service</c>): it picks the JSON the ordinary paths answer with.</summary>
    public string Name { get; set; } = "";

    /// <summary>The Service's namespace (e.g. <c>ecommerce</c>). Default: <c>default</c>.</summary>
    public string Namespace { get; set; } = FaultTargetOptions.DefaultNamespace;

    /// <summary>Where this Service's listener binds: <c>http://&lt;IP or localhost&gt;:&lt;port&gt;</c> (port 0: any free port).</summary>
    public string Url { get; set; } = "";

    /// <summary>The pods of the Service's Deployment that share this process. Default: 1.</summary>
    public int Replicas { get; set; } = 1;
}

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>How the twin routes and the in-cluster FaultTarget are made and waited for.</summary>
public sealed record TwinOptions
{
    /// <summary>The platform's namespace: the FaultTarget and its Services go there, and only routes of this namespace are twinned.</summary>
    public required string Namespace { get; init; }

    /// <summary>The FaultTarget container image (built with the SDK's container support, see FaultTarget/README.md).</summary>
    public string Image { get; init; } = "ambientverify/faulttarget:latest";

    /// <summary>How long a run may live before a later run's sweep may delete its objects. Default 30 minutes.</summary>
    public TimeSpan MaxRunTime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long to wait for the FaultTarget Deployment to become Available. Default 2 minutes.</summary>
    public TimeSpan AvailableDeadline { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Pause between two reads of the Deployment's status. Default 1 second.</summary>
    public TimeSpan AvailablePoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait until the gateway serves every twin. Default 60 seconds.</summary>
    public TimeSpan ConvergenceDeadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Pause between two convergence requests of one twin (this bounds the rate). Default 500 ms.</summary>
    public TimeSpan ConvergencePoll { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>At most this many convergence requests per twin. Default 120 (60 s at 500 ms).</summary>
    public int ConvergenceMaxRequests { get; init; } = 120;

    /// <summary>Deadline of the clean-up, apart from the run's token (which may be cancelled already). Default 30 seconds.</summary>
    public TimeSpan CleanupDeadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First listener port of the FaultTarget; each original Service gets the next one. Default 8081.</summary>
    public int FirstListenerPort { get; init; } = 8081;

    /// <summary>
    /// The run's id in object names and labels (<c>--run-id</c>, e.g. a pipeline's id, to find its objects); null: a
    /// random one. A rerun with the same id replaces the objects a killed run of that id left.
    /// </summary>
    public string? RunId { get; init; }

    /// <summary>"host …, user …" on the created-by annotation; defaults to this machine and user.</summary>
    public string CreatedBy { get; init; } = $"host {Environment.MachineName}, user {Environment.UserName}";

    /// <summary>The problems of these options, each a sentence (empty when valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!TwinNames.IsDns1123Label(Namespace))
        {
            problems.Add($"twin namespace '{Namespace}' is not a Kubernetes namespace name (lowercase letters, digits and '-', at most 63): give --namespace");
        }

        if (RunId is not null && !TwinRun.IsValidId(RunId))
        {
            problems.Add($"--run-id '{RunId}' must be 1 to {TwinRun.MaxIdLength} lowercase letters and digits (it goes into object names of at most 63 characters)");
        }

        if (string.IsNullOrWhiteSpace(Image))
        {
            problems.Add("twin FaultTarget image is empty: give the image the FaultTarget was pushed as");
        }

        void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"twin {name} is {value}: it must be above zero");
            }
        }

        Positive(MaxRunTime, "max run time");
        Positive(AvailableDeadline, "availability deadline");
        Positive(AvailablePoll, "availability poll");
        Positive(ConvergenceDeadline, "convergence deadline");
        Positive(ConvergencePoll, "convergence poll");
        Positive(CleanupDeadline, "clean-up deadline");
        if (ConvergenceMaxRequests < 1)
        {
            problems.Add($"twin convergence max requests is {ConvergenceMaxRequests}: it must be at least 1");
        }

        if (FirstListenerPort is < 1024 or > 65000)
        {
            problems.Add($"twin first listener port {FirstListenerPort} is outside 1024-65000 (the FaultTarget runs as non-root)");
        }

        return problems;
    }
}

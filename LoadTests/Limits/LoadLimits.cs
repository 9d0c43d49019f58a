namespace AmbientVerify.LoadTests.Limits;

/// <summary>
/// What a run may never exceed, so a typo cannot turn a load test into a denial of service. The open model's rate is
/// capped lower for a gateway that is not on this machine unless the user raises it explicitly (<see cref="RemoteRateRaisedTo"/>,
/// --max-rate), and never above <see cref="MaxRate"/>.
/// </summary>
public sealed record LoadLimits
{
    public static LoadLimits Default { get; } = new();

    /// <summary>Hard cap on the open model's rate, any gateway. Default 10 000 requests/s.</summary>
    public int MaxRate { get; init; } = 10_000;

    /// <summary>Cap on the open model's rate when the gateway is not a loopback address. Default 1 000 requests/s.</summary>
    public int MaxRemoteRate { get; init; } = 1_000;

    /// <summary>--max-rate: raises <see cref="MaxRemoteRate"/> (and lowers <see cref="MaxRate"/>) to this value; at most <see cref="MaxRate"/>.</summary>
    public int? RemoteRateRaisedTo { get; init; }

    /// <summary>Cap on requests in flight (the concurrency, the closed model's copies). Default 1 000.</summary>
    public int MaxConcurrency { get; init; } = 1_000;

    /// <summary>Cap on the whole plan, warm-ups included. Default 30 min.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Cap on the requests of the whole plan (planned for the open model; enforced while running for the closed one). Default 10 000 000.</summary>
    public long MaxRequests { get; init; } = 10_000_000;
}

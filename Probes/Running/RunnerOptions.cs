namespace AmbientVerify.Probes.Running;

/// <summary>
/// How hard the probes may push the gateway. Probe traffic must never flood a production gateway, so the rate has a
/// hard maximum that no configuration can lift.
/// </summary>
public sealed class RunnerOptions
{
    /// <summary>The rate no configuration may exceed: 100 requests per second.</summary>
    public const double HardMaximumRequestsPerSecond = 100;

    /// <summary>Cases in flight at once. Default 32 (the long cases wait ~30s each, so they must overlap).</summary>
    public int Concurrency { get; set; } = 32;

    /// <summary>Requests per second to the gateway, probes and tries reads together. Default 20; at most 100.</summary>
    public double MaxRequestsPerSecond { get; set; } = 20;

    /// <summary>Requests one run may send at most; cases beyond it are errors. Default 2000.</summary>
    public int MaxRequestsPerRun { get; set; } = 2000;

    /// <summary>Added to the request timeout for the probe's own client timeout. Default 15s.</summary>
    public TimeSpan ClientTimeoutMargin { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Reads of the tries endpoint before giving up. Default 3.</summary>
    public int TriesReadAttempts { get; set; } = 3;

    /// <summary>Pause between reads of the tries endpoint. Default 200ms.</summary>
    public TimeSpan TriesReadPause { get; set; } = TimeSpan.FromMilliseconds(200);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Concurrency is < 1 or > 256)
        {
            errors.Add($"concurrency must be between 1 and 256 (got {Concurrency})");
        }

        if (!(MaxRequestsPerSecond > 0) || MaxRequestsPerSecond > HardMaximumRequestsPerSecond)
        {
            errors.Add($"max-rps must be above 0 and at most {HardMaximumRequestsPerSecond} (got {MaxRequestsPerSecond}): probe traffic must never flood a gateway");
        }

        if (MaxRequestsPerRun < 1)
        {
            errors.Add($"the request cap per run must be at least 1 (got {MaxRequestsPerRun})");
        }

        if (TriesReadAttempts < 1 || ClientTimeoutMargin < TimeSpan.Zero || TriesReadPause < TimeSpan.Zero)
        {
            errors.Add("tries reads need at least 1 attempt, and margins/pauses cannot be negative");
        }

        return errors;
    }

    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public RunnerOptions ThrowIfInvalid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException("invalid runner options: " + string.Join("; ", errors));
    }
}

using AmbientVerify.LoadTests.Limits;

namespace AmbientVerify.LoadTests.Engine;

/// <summary>How <see cref="LoadRunner"/> runs a plan; every default suits a CLI run.</summary>
public sealed record LoadRunOptions
{
    /// <summary>The clock that schedules sends and stamps latencies. Default: the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>What the plan is checked against before anything is sent. Default: <see cref="LoadLimits.Default"/>.</summary>
    public LoadLimits Limits { get; init; } = LoadLimits.Default;

    /// <summary>A request unanswered after this long counts as fail "error:timeout". Default 30 s (the gateway's own request timeout).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called every <see cref="ProgressInterval"/> while a scenario runs, from a timer thread.</summary>
    public Action<LoadProgress>? Progress { get; init; }

    /// <summary>Default 1 s.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);
}

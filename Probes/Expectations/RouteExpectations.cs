using AmbientVerify.Manifests;

namespace AmbientVerify.Probes.Expectations;

/// <summary>What one route is expected to do, and where that was decided: what reports show beside its results.</summary>
/// <param name="Options">The effective expectations: the plan's, under the file's defaults, under the route's entry.</param>
/// <param name="Source"><see cref="PlanDefault"/>, or "file:line" of the entry (or the defaults block) that decided.</param>
/// <param name="SkipMatrix">The route's entry says <c>expect: none</c>: no behaviour matrix, one result saying so.</param>
public sealed record RouteExpectations(ExpectationOptions Options, string Source, bool SkipMatrix = false)
{
    /// <summary>The source of a route no expectations file speaks about.</summary>
    public const string PlanDefault = "plan default";

    public static RouteExpectations Plan(ExpectationOptions plan) => new(plan, PlanDefault);

    /// <summary>"timeout 15s, retries 0, per-try 10s, retryOn 5xx,reset, tolerance 500ms", or "matrix skipped".</summary>
    public string Describe() => SkipMatrix
        ? "matrix skipped (expect: none)"
        : $"timeout {Durations.Format(Options.RequestTimeout)}, retries {Options.Retries}, per-try {Durations.Format(Options.PerTryTimeout)}, " +
          $"retryOn {Options.RetryOn}, tolerance {Durations.Format(Options.Tolerance)}";
}

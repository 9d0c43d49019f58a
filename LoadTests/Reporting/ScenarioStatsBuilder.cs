using AmbientVerify.LoadTests.Engine;
using HdrHistogram;

namespace AmbientVerify.LoadTests.Reporting;

/// <summary>Turns a finished scenario's merged recorders into its figures: per step, then the steps merged.</summary>
public static class ScenarioStatsBuilder
{
    public static ScenarioStats Build(ScenarioRecorder recorder, DateTimeOffset startedUtc, DateTimeOffset endedUtc, bool interrupted, SendLag? sendLag = null)
    {
        var merged = recorder.MergedSteps();
        var scenario = recorder.Scenario;
        var steps = merged.Select((step, i) => Step(scenario.Steps[i].Name, scenario.Steps[i].Weight, step)).ToList();

        var all = StepRecorder.NewHistogram();
        var outcomes = new Dictionary<int, long>();
        foreach (var step in merged)
        {
            all.Add(step.Latency);
            foreach (var (outcome, count) in step.Outcomes)
            {
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + count;
            }
        }

        var seconds = Math.Max(0, (endedUtc - startedUtc).TotalSeconds);
        var requests = outcomes.Values.Sum();
        var ok = outcomes.Where(o => RequestOutcome.IsOk(o.Key)).Sum(o => o.Value);
        return new ScenarioStats(
            scenario.Name, scenario.IsOpen ? "open" : "closed", startedUtc, endedUtc, Math.Round(seconds, 3), interrupted,
            requests, ok, requests - ok,
            seconds > 0 ? Math.Round(requests / seconds, 2) : 0,
            merged.Sum(s => s.BytesReceived), merged.Sum(s => s.BytesSent),
            LatencyStatsReader.From(all), Statuses(outcomes), steps, sendLag);
    }

    private static StepStats Step(string name, int weight, StepRecorder step)
    {
        var requests = step.Outcomes.Values.Sum();
        var ok = step.Outcomes.Where(o => RequestOutcome.IsOk(o.Key)).Sum(o => o.Value);
        return new StepStats(name, weight, requests, ok, requests - ok, step.BytesReceived, step.BytesSent,
            LatencyStatsReader.From(step.Latency), Statuses(step.Outcomes));
    }

    /// <summary>Statuses in code order, errors last.</summary>
    private static IReadOnlyList<StatusCount> Statuses(IReadOnlyDictionary<int, long> outcomes) =>
        outcomes.OrderBy(o => o.Key < 0 ? int.MaxValue + (long)-o.Key : o.Key)
            .Select(o => new StatusCount(RequestOutcome.Name(o.Key), RequestOutcome.IsOk(o.Key), o.Value))
            .ToList();
}

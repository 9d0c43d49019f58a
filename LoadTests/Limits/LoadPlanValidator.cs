using System.Globalization;
using System.Net;
using AmbientVerify.LoadTests.Model;
using AmbientVerify.LoadTests.Scheduling;

namespace AmbientVerify.LoadTests.Limits;

/// <summary>Checks a plan against <see cref="LoadLimits"/> before anything is sent; every refusal names the value, the cap and the remedy.</summary>
public static class LoadPlanValidator
{
    public static IReadOnlyList<string> Check(LoadPlan plan, Uri gateway, LoadLimits limits)
    {
        var errors = new List<string>();
        var loopback = IsLoopback(gateway);
        if (limits.RemoteRateRaisedTo is { } raised && raised > limits.MaxRate)
        {
            errors.Add($"--max-rate {raised} is above the hard cap of {limits.MaxRate} requests/s");
        }

        var rateCap = RateCap(gateway, limits);
        if (plan.Concurrency < 1 || plan.Concurrency > limits.MaxConcurrency)
        {
            errors.Add($"concurrency {plan.Concurrency} is outside 1..{limits.MaxConcurrency} (the cap on requests in flight)");
        }

        if (plan.Duration > limits.MaxDuration)
        {
            errors.Add($"the plan runs {Describe(plan.Duration)}, above the cap of {Describe(limits.MaxDuration)}: shorten --duration / --warmup / --ramp or pick fewer scenarios");
        }

        if (plan.Scenarios.Count == 0)
        {
            errors.Add("the plan has no scenario");
        }

        long plannedRequests = 0;
        foreach (var scenario in plan.Scenarios)
        {
            var where = $"scenario {scenario.Name}";
            if (scenario.Steps.Count == 0 || scenario.Steps.Any(s => s.Weight < 0) || scenario.Steps.All(s => s.Weight == 0))
            {
                errors.Add($"{where}: needs at least one step, weights 0 or more and one above 0");
            }

            if (scenario.Simulations.Count == 0)
            {
                errors.Add($"{where}: has no load simulation");
                continue;
            }

            if (scenario.Simulations.Any(s => s.IsOpen != scenario.IsOpen))
            {
                errors.Add($"{where}: mixes open-model (Inject) and closed-model (KeepConstant) simulations; use one model per scenario");
            }

            if (scenario.Simulations.Any(s => s.During <= TimeSpan.Zero) || scenario.Simulations.Any(s => s is Inject { Interval.Ticks: <= 0 } or RampingInject { Interval.Ticks: <= 0 }))
            {
                errors.Add($"{where}: every simulation needs a duration and an interval above 0");
            }

            if (scenario.WarmUp < TimeSpan.Zero || scenario.WarmUp >= scenario.Duration)
            {
                errors.Add($"{where}: the warm-up ({Describe(scenario.WarmUp)}) must be shorter than the scenario ({Describe(scenario.Duration)})");
            }

            if (scenario.IsOpen)
            {
                var peak = OpenSchedule.PeakRate(scenario.Simulations);
                if (scenario.Simulations.Any(s => s is Inject { Rate: < 0 } or RampingInject { Rate: < 0 }))
                {
                    errors.Add($"{where}: a rate below 0");
                }

                if (peak > rateCap)
                {
                    errors.Add(peak > limits.MaxRate || loopback || limits.RemoteRateRaisedTo is not null
                        ? $"{where}: rate {Rate(peak)} requests/s is above the cap of {rateCap} requests/s"
                        : $"{where}: rate {Rate(peak)} requests/s is above the cap of {rateCap} requests/s for a gateway that is not a loopback address ({gateway.Host}); " +
                          $"give --max-rate {Math.Min(limits.MaxRate, (int)Math.Ceiling(peak))} to allow it (at most {limits.MaxRate})");
                }

                plannedRequests += OpenSchedule.Count(scenario.Simulations);
            }
            else
            {
                var copies = ClosedSchedule.PeakCopies(scenario.Simulations);
                if (copies < 1 || copies > plan.Concurrency)
                {
                    errors.Add($"{where}: {copies} copies is outside 1..{plan.Concurrency} (the concurrency; at most {limits.MaxConcurrency})");
                }
            }
        }

        if (plannedRequests > limits.MaxRequests)
        {
            errors.Add($"the plan sends {plannedRequests} requests, above the cap of {limits.MaxRequests}: lower --rate or --duration");
        }

        return errors;
    }

    /// <exception cref="LoadPlanRefusedException">The plan breaks a limit.</exception>
    public static void ThrowIfRefused(LoadPlan plan, Uri gateway, LoadLimits limits)
    {
        if (Check(plan, gateway, limits) is { Count: > 0 } errors)
        {
            throw new LoadPlanRefusedException(errors);
        }
    }

    /// <summary>The rate (requests/s) a run against <paramref name="gateway"/> may reach: --max-rate if given (at most the hard cap), else the cap for loopback or for any other address.</summary>
    public static int RateCap(Uri gateway, LoadLimits limits) =>
        limits.RemoteRateRaisedTo is { } raised ? Math.Min(raised, limits.MaxRate) : IsLoopback(gateway) ? limits.MaxRate : limits.MaxRemoteRate;

    /// <summary>"localhost", 127.0.0.0/8 and ::1: the machine itself, where a high rate harms nobody else.</summary>
    public static bool IsLoopback(Uri gateway) =>
        gateway.IsLoopback || IPAddress.TryParse(gateway.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);

    private static string Rate(double perSecond) => perSecond.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}

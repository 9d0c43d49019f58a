using AmbientVerify.LoadTests.Model;

namespace AmbientVerify.LoadTests.Scheduling;

/// <summary>
/// When the open model intends to send each request, as offsets from the scenario's start: a pure function of the
/// simulations, so the engine's sends and these tests agree without a clock. Sends are spread evenly within a rate
/// (wrk2's constant-throughput schedule), never bunched at the start of each interval.
/// </summary>
public static class OpenSchedule
{
    /// <summary>Every intended send offset of <paramref name="simulations"/>, in order.</summary>
    public static IEnumerable<TimeSpan> IntendedOffsets(IReadOnlyList<LoadSimulation> simulations)
    {
        var phaseStart = TimeSpan.Zero;
        var previousRate = 0.0;
        foreach (var simulation in simulations)
        {
            var seconds = simulation.During.TotalSeconds;
            switch (simulation)
            {
                case Inject inject:
                    foreach (var offset in Constant(inject.PerSecond, seconds))
                    {
                        yield return phaseStart + offset;
                    }

                    previousRate = inject.PerSecond;
                    break;
                case RampingInject ramp:
                    foreach (var offset in Ramp(previousRate, ramp.PerSecond, seconds))
                    {
                        yield return phaseStart + offset;
                    }

                    previousRate = ramp.PerSecond;
                    break;
                default:
                    throw new ArgumentException($"{simulation} is a closed-model simulation: it has no send schedule");
            }

            phaseStart += simulation.During;
        }
    }

    /// <summary>How many sends <paramref name="simulations"/> intend in all.</summary>
    public static long Count(IReadOnlyList<LoadSimulation> simulations)
    {
        long count = 0;
        var previousRate = 0.0;
        foreach (var simulation in simulations)
        {
            var seconds = simulation.During.TotalSeconds;
            (count, previousRate) = simulation switch
            {
                Inject i => (count + (long)Math.Ceiling(i.PerSecond * seconds - 1e-9), i.PerSecond),
                RampingInject r => (count + (long)Math.Ceiling((previousRate + r.PerSecond) / 2 * seconds - 1e-9), r.PerSecond),
                _ => (count, previousRate),
            };
        }

        return count;
    }

    /// <summary>The highest rate (requests per second) any open simulation reaches.</summary>
    public static double PeakRate(IReadOnlyList<LoadSimulation> simulations) =>
        simulations.Select(s => s switch { Inject i => i.PerSecond, RampingInject r => r.PerSecond, _ => 0 }).DefaultIfEmpty(0).Max();

    private static IEnumerable<TimeSpan> Constant(double perSecond, double seconds)
    {
        if (perSecond <= 0)
        {
            yield break;
        }

        // The k-th send at k / rate: computed from k, not accumulated, so no rounding drift over a long run.
        for (long k = 0; k / perSecond < seconds - 1e-12; k++)
        {
            yield return TimeSpan.FromTicks((long)Math.Round(k / perSecond * TimeSpan.TicksPerSecond));
        }
    }

    /// <summary>
    /// A rate going linearly from r0 to r1 over D seconds sends N(t) = r0·t + (r1 − r0)·t² / 2D requests by t; the k-th
    /// send is at the t where N(t) = k.
    /// </summary>
    private static IEnumerable<TimeSpan> Ramp(double r0, double r1, double seconds)
    {
        var total = (r0 + r1) / 2 * seconds;
        var slope = (r1 - r0) / seconds;
        for (long k = 0; k < total - 1e-9; k++)
        {
            var t = Math.Abs(slope) < 1e-12
                ? k / r0
                : (-r0 + Math.Sqrt(Math.Max(0, r0 * r0 + 2 * slope * k))) / slope;
            yield return TimeSpan.FromTicks((long)Math.Round(t * TimeSpan.TicksPerSecond));
        }
    }
}

using AmbientVerify.LoadTests.Model;

namespace AmbientVerify.LoadTests.Scheduling;

/// <summary>How many copies the closed model keeps at an offset from the scenario's start: a pure function of the simulations.</summary>
public static class ClosedSchedule
{
    /// <summary>The copies wanted at <paramref name="offset"/>; 0 after the last simulation.</summary>
    public static int CopiesAt(IReadOnlyList<LoadSimulation> simulations, TimeSpan offset)
    {
        var phaseStart = TimeSpan.Zero;
        var previous = 0;
        foreach (var simulation in simulations)
        {
            var end = phaseStart + simulation.During;
            switch (simulation)
            {
                case KeepConstant keep when offset < end:
                    return keep.Copies;
                case RampingConstant ramp when offset < end:
                    var progress = (offset - phaseStart) / simulation.During;
                    return (int)Math.Round(previous + (ramp.Copies - previous) * progress);
                case KeepConstant keep:
                    previous = keep.Copies;
                    break;
                case RampingConstant ramp:
                    previous = ramp.Copies;
                    break;
                default:
                    throw new ArgumentException($"{simulation} is an open-model simulation: it has no copies");
            }

            phaseStart = end;
        }

        return 0;
    }

    /// <summary>The most copies any closed simulation keeps.</summary>
    public static int PeakCopies(IReadOnlyList<LoadSimulation> simulations) =>
        simulations.Select(s => s switch { KeepConstant k => k.Copies, RampingConstant r => r.Copies, _ => 0 }).DefaultIfEmpty(0).Max();
}

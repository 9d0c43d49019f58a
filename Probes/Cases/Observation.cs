using System.Globalization;

namespace AmbientVerify.Probes.Cases;

/// <summary>What one probe saw: the status the gateway answered, the tries the backend counted, and the time it took.</summary>
public sealed record Observation(int Status, int Tries, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"status {Status} after {Tries} {(Tries == 1 ? "try" : "tries")} in {Elapsed.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s";
}

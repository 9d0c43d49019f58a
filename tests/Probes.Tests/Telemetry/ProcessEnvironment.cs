namespace AmbientVerify.Probes.Tests.Telemetry;

/// <summary>
/// Tests that set process-wide environment variables (OTEL_EXPORTER_OTLP_*) for their own duration: never in parallel
/// with each other, and (a collection with parallelization disabled runs after the parallel ones) with no other test.
/// </summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    /// <summary>Sets <paramref name="variables"/> until disposed, then restores what they were.</summary>
    public static IDisposable Set(params (string Name, string? Value)[] variables)
    {
        var before = variables.Select(v => (v.Name, Value: Environment.GetEnvironmentVariable(v.Name))).ToList();
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        return new Restore(before);
    }

    private sealed class Restore(IReadOnlyList<(string Name, string? Value)> before) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (name, value) in before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}

namespace AmbientVerify.AppHost;

/// <summary>The gate's exit codes, the same as the Probes gate's (a pipeline reads these).</summary>
public static class GateExitCodes
{
    public const int Passed = 0;
    public const int Failed = 1;
    public const int CouldNotRun = 2;
}

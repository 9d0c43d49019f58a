namespace AmbientVerify.LoadTests.Cli;

/// <summary>The exit codes of a load run.</summary>
public static class LoadExitCode
{
    /// <summary>The plan ran to its end and every measured request was ok (2xx/3xx).</summary>
    public const int Ok = 0;

    /// <summary>The plan ran to its end and some requests failed (the reports say which statuses and errors).</summary>
    public const int SomeFailed = 1;

    /// <summary>Refused (a limit, an unknown option, bad manifests) before anything was sent, or interrupted (partial reports written).</summary>
    public const int RefusedOrInterrupted = 2;
}

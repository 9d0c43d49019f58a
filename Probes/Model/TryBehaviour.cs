namespace AmbientVerify.Probes.Model;

/// <summary>What the backend does on one try.</summary>
public abstract record TryBehaviour
{
    /// <summary>Answers at once with <paramref name="StatusCode"/>.</summary>
    public sealed record Answer(int StatusCode) : TryBehaviour;

    /// <summary>Aborts the connection before any response header.</summary>
    public sealed record Reset : TryBehaviour;

    /// <summary>Waits <paramref name="Delay"/>, then answers <paramref name="StatusCode"/>.</summary>
    public sealed record Delayed(TimeSpan Delay, int StatusCode) : TryBehaviour;

    public static readonly TryBehaviour Ok = new Answer(200);
}

/// <summary>The backend's script: what it does on try t (1-based).</summary>
public sealed record FaultScript(Func<int, TryBehaviour> OnTry)
{
    public static readonly FaultScript AlwaysOk = new(_ => TryBehaviour.Ok);
}

namespace AmbientVerify.Probes.Cases;

/// <summary>What a route's policy must be able to express for a case to be meaningful.</summary>
public enum Capability
{
    None,
    RetryOnStatus,
    RetryOnReset,
    RetryOnPerTryTimeout,
    RouteTimeout,
}

/// <summary>
/// The stable names reports, JUnit and metric labels show for a <see cref="Capability"/>. Spelled out here, not
/// derived from the member names, so renaming a member never renames a dashboard's label value.
/// </summary>
public static class CapabilityIds
{
    public const string RetryOnStatus = "retry-on-status";
    public const string RetryOnReset = "retry-on-reset";
    public const string RetryOnPerTryTimeout = "retry-on-per-try-timeout";
    public const string RouteTimeout = "route-timeout";

    /// <summary>The capability's id; null for <see cref="Capability.None"/> (the case needs nothing particular).</summary>
    public static string? Id(this Capability capability) => capability switch
    {
        Capability.None => null,
        Capability.RetryOnStatus => RetryOnStatus,
        Capability.RetryOnReset => RetryOnReset,
        Capability.RetryOnPerTryTimeout => RetryOnPerTryTimeout,
        Capability.RouteTimeout => RouteTimeout,
        _ => throw new ArgumentOutOfRangeException(nameof(capability), capability, "unknown capability"),
    };
}

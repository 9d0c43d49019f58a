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

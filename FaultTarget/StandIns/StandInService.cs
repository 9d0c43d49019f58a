namespace AmbientVerify.FaultTarget.StandIns;

/// <summary>
/// A Service the FaultTarget answers as: its name picks the ordinary paths' JSON and goes into <c>x-fault-service</c>;
/// <see cref="QualifiedName"/> (<c>namespace/name</c>) is what a try records as the Service that served it.
/// </summary>
/// <param name="Replicas">The pods of the Service's Deployment; they all share this one app process.</param>
/// <param name="Url">The listener that answers as this Service, or null in the single-service form (every listener).</param>
public sealed record StandInService(string Name, string Namespace, int Replicas, string? Url)
{
    public string QualifiedName => $"{Namespace}/{Name}";
}

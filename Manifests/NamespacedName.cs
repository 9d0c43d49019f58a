namespace AmbientVerify.Manifests;

/// <summary>
/// What identifies a namespaced object (a Service, a Deployment, a pod): its namespace and its name, as Kubernetes'
/// <c>types.NamespacedName</c>. A name alone is not enough: two namespaces may each have a Service <c>tls-backend</c>.
/// </summary>
public readonly record struct NamespacedName(string Namespace, string Name)
{
    /// <summary>"namespace/name", the form reports, logs and the FaultTarget's tries document use.</summary>
    public override string ToString() => $"{Namespace}/{Name}";

    /// <summary>Reads "namespace/name".</summary>
    /// <exception cref="FormatException">Not exactly two non-empty parts.</exception>
    public static NamespacedName Parse(string text) =>
        text.Split('/') is [{ Length: > 0 } ns, { Length: > 0 } name]
            ? new NamespacedName(ns, name)
            : throw new FormatException($"'{text}' is not namespace/name");
}

namespace AmbientVerify.Manifests.Reading;

/// <summary>
/// One Kubernetes object as found in a file, before its namespace default is known (that needs the whole set).
/// </summary>
/// <param name="Source">"file.yaml:line" relative to the directory read, for <see cref="Model.ObjectRef.Source"/>.</param>
internal sealed record RawObject(YamlMap Map, string ApiVersion, string Kind, string Name, string? Namespace, string Source)
{
    /// <summary>The API group: "" for the core group ("v1"), "apps" for "apps/v1".</summary>
    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";
}

namespace AmbientVerify.TestSupport.FakeApi;

/// <summary>
/// One request as the API server's authorizer sees it (<c>k8s.io/apiserver/pkg/endpoints/request/requestinfo.go</c>):
/// verb (get, list, watch, create, update, patch, delete, deletecollection), group, resource, subresource, namespace, name.
/// </summary>
public sealed record ApiRequest(string Verb, string Group, string Version, string Resource, string? Subresource, string? Namespace, string? Name)
{
    /// <summary>"pods/proxy", "httproutes" — as a Role's <c>resources</c> names it.</summary>
    public string ResourceWithSubresource => Subresource is null ? Resource : $"{Resource}/{Subresource}";

    public override string ToString() =>
        $"{Verb} {(Group.Length == 0 ? "" : Group + "/")}{ResourceWithSubresource}{(Namespace is null ? "" : $" in {Namespace}")}{(Name is null ? "" : $" {Name}")}";

    /// <summary>
    /// Reads a resource path: <c>/api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}[/…]]]</c> or the same under
    /// <c>/apis/{group}/{version}</c>; null for anything else (discovery, /version).
    /// </summary>
    public static ApiRequest? Parse(string method, string path, bool watch)
    {
        var segments = path.Trim('/').Split('/');
        string group, version;
        int at;
        if (segments is ["api", var coreVersion, _, ..])
        {
            (group, version, at) = ("", coreVersion, 2);
        }
        else if (segments is ["apis", var g, var v, _, ..])
        {
            (group, version, at) = (g, v, 3);
        }
        else
        {
            return null;
        }

        var rest = segments[at..];
        string? ns = null;
        if (rest is ["namespaces", var n, _, ..])
        {
            ns = n;
            rest = rest[2..];
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? Uri.UnescapeDataString(rest[1]) : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        var verb = method switch
        {
            "GET" when name is null => watch ? "watch" : "list",
            "GET" => "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when name is null => "deletecollection",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
        return new ApiRequest(verb, group, version, resource, subresource, ns, name);
    }
}

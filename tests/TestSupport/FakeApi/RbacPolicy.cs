using System.Text.Json.Nodes;

namespace AmbientVerify.TestSupport.FakeApi;

/// <summary>One request the policy refused, and where it was looked for.</summary>
public sealed class RbacRefusedException(string message) : Exception(message);

/// <summary>
/// What a ServiceAccount may do under the ClusterRoles, Roles and bindings of a YAML file (deploy/rbac.yaml), decided
/// the way Kubernetes' RBAC authorizer decides: the RBAC contract between the harness's requests (the fake API
/// server's <see cref="FakeApiServer.Requests"/>) and the least-privilege manifests.
/// </summary>
/// <remarks>
/// Which rules apply (<c>k8s.io/kubernetes/pkg/registry/rbac/validation/rule.go</c> <c>VisitRulesFor</c>): the rules of
/// every ClusterRoleBinding's ClusterRole whose subjects name the account apply everywhere; for a request in a
/// namespace, also the rules of every RoleBinding in that namespace (its Role there, or a ClusterRole, limited to that
/// namespace). A ServiceAccount subject names the account by namespace and name; a Group subject by
/// <c>system:serviceaccounts</c>, <c>system:serviceaccounts:&lt;ns&gt;</c> or <c>system:authenticated</c>; a User
/// subject by <c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c> (<c>appliesToUser</c>).
/// Whether one rule allows a request (<c>k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/rbac.go</c> <c>RuleAllows</c>
/// and <c>pkg/apis/rbac/v1/evaluation_helpers.go</c>): the verb is in <c>verbs</c> or <c>*</c> is; the group in
/// <c>apiGroups</c> or <c>*</c>; the resource — as "resource/subresource" when there is a subresource — in
/// <c>resources</c>, or <c>*</c> is, or <c>*/subresource</c> is; and <c>resourceNames</c> is empty or names the object.
/// RBAC only adds: nothing denies, so a request no rule allows is refused.
/// </remarks>
public sealed class RbacPolicy
{
    private readonly List<Binding> _bindings;
    private readonly Dictionary<string, List<Rule>> _clusterRoles;
    private readonly Dictionary<(string Namespace, string Name), List<Rule>> _roles;

    private RbacPolicy(string source, string accountNamespace, string accountName, List<Binding> bindings,
        Dictionary<string, List<Rule>> clusterRoles, Dictionary<(string, string), List<Rule>> roles)
    {
        Source = source;
        AccountNamespace = accountNamespace;
        AccountName = accountName;
        _bindings = bindings;
        _clusterRoles = clusterRoles;
        _roles = roles;
    }

    public string Source { get; }

    public string AccountNamespace { get; }

    public string AccountName { get; }

    /// <summary>The policy of deploy/rbac.yaml for the ServiceAccount ambientverify/ambientverify.</summary>
    public static RbacPolicy Deployed() => Load(Path.Combine(Repository.Root, "deploy", "rbac.yaml"), "ambientverify", "ambientverify");

    public static RbacPolicy Load(string path, string accountNamespace, string accountName) =>
        Parse(File.ReadAllText(path), path, accountNamespace, accountName);

    /// <exception cref="FormatException">A role or binding lacks a field RBAC needs (the message names it).</exception>
    public static RbacPolicy Parse(string yaml, string source, string accountNamespace, string accountName)
    {
        var bindings = new List<Binding>();
        var clusterRoles = new Dictionary<string, List<Rule>>(StringComparer.Ordinal);
        var roles = new Dictionary<(string, string), List<Rule>>();
        foreach (var document in YamlToJson.Documents(yaml))
        {
            var kind = document["kind"]?.GetValue<string>();
            var name = document["metadata"]?["name"]?.GetValue<string>() ?? throw new FormatException($"{source}: a {kind} without metadata.name");
            var ns = document["metadata"]?["namespace"]?.GetValue<string>();
            switch (kind)
            {
                case "ClusterRole":
                    clusterRoles[name] = Rules(document, $"{source}: ClusterRole {name}");
                    break;
                case "Role":
                    roles[(ns ?? throw new FormatException($"{source}: Role {name} has no metadata.namespace"), name)] = Rules(document, $"{source}: Role {ns}/{name}");
                    break;
                case "ClusterRoleBinding":
                case "RoleBinding":
                    var roleRef = document["roleRef"] as JsonObject ?? throw new FormatException($"{source}: {kind} {name} has no roleRef");
                    bindings.Add(new Binding(
                        kind,
                        name,
                        kind == "RoleBinding" ? ns ?? throw new FormatException($"{source}: RoleBinding {name} has no metadata.namespace") : null,
                        roleRef["kind"]?.GetValue<string>() ?? throw new FormatException($"{source}: {kind} {name}: roleRef.kind is required"),
                        roleRef["name"]?.GetValue<string>() ?? throw new FormatException($"{source}: {kind} {name}: roleRef.name is required"),
                        (document["subjects"] as JsonArray ?? []).OfType<JsonObject>().Select(s => new Subject(
                            s["kind"]?.GetValue<string>() ?? "",
                            s["name"]?.GetValue<string>() ?? "",
                            s["namespace"]?.GetValue<string>())).ToList()));
                    break;
            }
        }

        return new RbacPolicy(source, accountNamespace, accountName, bindings, clusterRoles, roles);
    }

    /// <summary>Whether the account may make <paramref name="request"/>.</summary>
    public bool Allows(ApiRequest request) => AllowedBy(request) is not null;

    /// <summary>"RoleBinding ecommerce/x → Role ecommerce/x" for the first binding that allows the request; null when none does.</summary>
    public string? AllowedBy(ApiRequest request)
    {
        // requestinfo.go: /api/v1/namespaces/{name} is a request in namespace {name} (a Role there may grant it).
        var ns = request.Namespace ?? (request.Resource == "namespaces" && request.Subresource is null ? request.Name : null);
        foreach (var binding in _bindings.Where(b => b.Subjects.Any(AppliesToAccount)))
        {
            if (binding.Kind == "RoleBinding" && binding.Namespace != ns)
            {
                continue;
            }

            var rules = binding.RoleKind switch
            {
                "ClusterRole" => _clusterRoles.GetValueOrDefault(binding.RoleName),
                "Role" when binding.Namespace is { } roleNamespace => _roles.GetValueOrDefault((roleNamespace, binding.RoleName)),
                _ => null,
            };
            if (rules?.Any(rule => rule.Allows(request)) == true)
            {
                var scope = binding.Namespace is null ? "" : $"{binding.Namespace}/";
                return $"{binding.Kind} {scope}{binding.Name} → {binding.RoleKind} {(binding.RoleKind == "Role" ? scope : "")}{binding.RoleName}";
            }
        }

        return null;
    }

    /// <summary>Throws when any of <paramref name="requests"/> is refused, listing every refused one (each once).</summary>
    /// <exception cref="RbacRefusedException">Some request would be a 403 in a cluster with this policy.</exception>
    public void AssertAllowed(IEnumerable<ApiRequest> requests)
    {
        var refused = requests
            .Where(r => !Allows(r))
            .Select(r => r with { Version = "", Name = r.Resource == "namespaces" || r.Subresource is not null ? r.Name : null })
            .Distinct()
            .Select(r => "  " + r)
            .ToList();
        if (refused.Count > 0)
        {
            throw new RbacRefusedException(
                $"{refused.Count} request(s) the ServiceAccount {AccountNamespace}/{AccountName} may not make under {Source} (each would be a 403 in a cluster):"
                + Environment.NewLine + string.Join(Environment.NewLine, refused) + Environment.NewLine
                + "Grant them in deploy/rbac.yaml (read-only verbs in the ClusterRole, writes only in the target namespace's Role), or stop making them.");
        }
    }

    private bool AppliesToAccount(Subject subject) => subject.Kind switch
    {
        "ServiceAccount" => subject.Name == AccountName && subject.Namespace == AccountNamespace,
        "User" => subject.Name == $"system:serviceaccount:{AccountNamespace}:{AccountName}",
        "Group" => subject.Name is "system:serviceaccounts" or "system:authenticated" || subject.Name == $"system:serviceaccounts:{AccountNamespace}",
        _ => false,
    };

    private static List<Rule> Rules(JsonObject role, string where) =>
        (role["rules"] as JsonArray ?? []).OfType<JsonObject>().Select((rule, i) =>
        {
            static IReadOnlyList<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
            var verbs = Strings(rule["verbs"]);
            if (verbs.Count == 0)
            {
                throw new FormatException($"{where}: rules[{i}].verbs is required");
            }

            return new Rule(verbs, Strings(rule["apiGroups"]), Strings(rule["resources"]), Strings(rule["resourceNames"]));
        }).ToList();

    private sealed record Binding(string Kind, string Name, string? Namespace, string RoleKind, string RoleName, IReadOnlyList<Subject> Subjects);

    private sealed record Subject(string Kind, string Name, string? Namespace);

    private sealed record Rule(IReadOnlyList<string> Verbs, IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> ResourceNames)
    {
        public bool Allows(ApiRequest request)
        {
            var combined = request.ResourceWithSubresource;
            return Verbs.Any(v => v == "*" || v == request.Verb)
                   && ApiGroups.Any(g => g == "*" || g == request.Group)
                   && Resources.Any(r => r == "*" || r == combined
                                         || (request.Subresource is { } sub && r.Length == sub.Length + 2 && r.StartsWith("*/", StringComparison.Ordinal) && r.EndsWith(sub, StringComparison.Ordinal)))
                   && (ResourceNames.Count == 0 || ResourceNames.Contains(request.Name ?? ""));
        }
    }
}

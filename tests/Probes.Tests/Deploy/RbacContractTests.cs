using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Deploy;

/// <summary>
/// deploy/rbac.yaml under Kubernetes' RBAC rules (<see cref="RbacPolicy"/>): what the harness needs is allowed, what it
/// must never do is refused. The lead calls <see cref="RbacPolicy.AssertAllowed"/> on the fake API server's request
/// logs of the audit and the gate; the snapshot's own is in SnapshotClusterCommandTests.
/// </summary>
public sealed class RbacContractTests
{
    private static readonly RbacPolicy Deployed = RbacPolicy.Deployed();

    private static ApiRequest Request(string verb, string group, string resource, string? ns = null, string? name = null, string? subresource = null) =>
        new(verb, group, "v1", resource, subresource, ns, name);

    public static TheoryData<string, string, string, string?, string?, string?> NeededByTheHarness() => new()
    {
        { "get", "", "namespaces", null, "ecommerce", null },
        { "list", "", "nodes", null, null, null },
        { "list", "", "pods", "ecommerce", null, null },
        { "list", "", "pods", null, null, null },
        { "watch", "", "pods", "istio-system", null, null },
        { "list", "apps", "daemonsets", "istio-system", null, null },
        { "get", "apps", "deployments", "istio-system", "istiod", null },
        { "get", "apiextensions.k8s.io", "customresourcedefinitions", null, "httproutes.gateway.networking.k8s.io", null },
        { "list", "gateway.networking.k8s.io", "httproutes", "ecommerce", null, null },
        { "list", "gateway.networking.k8s.io", "gatewayclasses", null, null, null },
        { "list", "gateway.networking.k8s.io", "referencegrants", "ecommerce", null, null },
        { "list", "networking.istio.io", "gateways", "istio-system", null, null },
        { "list", "networking.istio.io", "envoyfilters", "ecommerce", null, null },
        { "list", "security.istio.io", "authorizationpolicies", "ecommerce", null, null },
        { "list", "telemetry.istio.io", "telemetries", "ecommerce", null, null },
        { "list", "extensions.istio.io", "wasmplugins", "istio-system", null, null },
        { "get", "", "pods", "istio-system", "ztunnel-x7k2p:15020", "proxy" },
        { "get", "", "services", "istio-system", "istiod:15014", "proxy" },
        { "list", "metrics.k8s.io", "pods", "ecommerce", null, null },
        { "get", "metrics.k8s.io", "nodes", null, "node-1", null },
        { "create", "apps", "deployments", "ecommerce", null, null },
        { "delete", "apps", "deployments", "ecommerce", "ambientverify-faulttarget", null },
        { "create", "", "services", "ecommerce", null, null },
        { "patch", "gateway.networking.k8s.io", "httproutes", "ecommerce", "ambientverify-twin-customer-service", null },
        { "delete", "networking.istio.io", "virtualservices", "ecommerce", "ambientverify-twin-order-service", null },
    };

    public static TheoryData<string, string, string, string?, string?, string?> NeverAllowed() => new()
    {
        // Secrets: not even readable.
        { "get", "", "secrets", "ecommerce", "tls", null },
        { "list", "", "secrets", null, null, null },
        { "delete", "", "secrets", "ecommerce", "tls", null },
        // Writes outside the target namespace.
        { "create", "gateway.networking.k8s.io", "httproutes", "default", null, null },
        { "delete", "apps", "deployments", "istio-system", "istiod", null },
        { "create", "apps", "deployments", null, null, null },
        // Writes to what the harness only reads.
        { "create", "", "pods", "ecommerce", null, null },
        { "delete", "", "pods", "ecommerce", "customer-service-0", null },
        { "update", "", "namespaces", null, "ecommerce", null },
        { "patch", "security.istio.io", "peerauthentications", "ecommerce", "default", null },
        { "delete", "apps", "daemonsets", "istio-system", "ztunnel", null },
        { "deletecollection", "gateway.networking.k8s.io", "httproutes", "ecommerce", null, null },
        // Subresources that are not the proxy.
        { "create", "", "pods", "ecommerce", "customer-service-0", "exec" },
        { "get", "", "pods", "ecommerce", "customer-service-0", "log" },
        { "update", "gateway.networking.k8s.io", "httproutes", "ecommerce", "r", "status" },
        { "create", "", "pods", "istio-system", "ztunnel-x7k2p:15020", "proxy" },
        // Other kinds and groups.
        { "list", "", "configmaps", "ecommerce", null, null },
        { "create", "rbac.authorization.k8s.io", "clusterroles", null, null, null },
        { "get", "metrics.k8s.io", "pods", "ecommerce", null, "status" },
    };

    [Theory]
    [MemberData(nameof(NeededByTheHarness))]
    public void Deployed_policy_allows_what_the_harness_needs(string verb, string group, string resource, string? ns, string? name, string? subresource)
    {
        var request = Request(verb, group, resource, ns, name, subresource);

        Assert.True(Deployed.Allows(request), $"{request} is refused by deploy/rbac.yaml");
    }

    [Theory]
    [MemberData(nameof(NeverAllowed))]
    public void Deployed_policy_refuses_what_the_harness_must_never_do(string verb, string group, string resource, string? ns, string? name, string? subresource)
    {
        var request = Request(verb, group, resource, ns, name, subresource);

        Assert.False(Deployed.Allows(request), $"{request} is allowed by {Deployed.AllowedBy(request)}");
    }

    [Fact]
    public void A_read_is_allowed_by_the_cluster_role_and_a_write_by_the_namespaced_role()
    {
        Assert.Equal("ClusterRoleBinding ambientverify-read → ClusterRole ambientverify-read",
            Deployed.AllowedBy(Request("list", "", "pods", "ecommerce")));
        Assert.Equal("RoleBinding ecommerce/ambientverify-twin-routes → Role ecommerce/ambientverify-twin-routes",
            Deployed.AllowedBy(Request("create", "gateway.networking.k8s.io", "httproutes", "ecommerce")));
    }

    [Fact]
    public void Another_service_account_is_given_nothing()
    {
        var other = RbacPolicy.Load(DeployFiles.PathOf("rbac.yaml"), "ambientverify", "someone-else");

        Assert.False(other.Allows(Request("list", "", "pods", "ecommerce")));
    }

    [Fact]
    public void Assert_allowed_lists_every_refused_request_once()
    {
        ApiRequest[] requests =
        [
            Request("list", "", "pods", "ecommerce"),
            Request("get", "", "secrets", "ecommerce", "tls"),
            Request("get", "", "secrets", "ecommerce", "tls"),
            Request("create", "gateway.networking.k8s.io", "httproutes", "default"),
        ];

        var error = Assert.Throws<RbacRefusedException>(() => Deployed.AssertAllowed(requests));

        Assert.StartsWith("2 request(s) the ServiceAccount ambientverify/ambientverify may not make under ", error.Message, StringComparison.Ordinal);
        Assert.Contains("  get secrets in ecommerce" + Environment.NewLine, error.Message, StringComparison.Ordinal);
        Assert.Contains("  create gateway.networking.k8s.io/httproutes in default", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("list pods", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assert_allowed_passes_requests_the_policy_grants()
    {
        Deployed.AssertAllowed([Request("list", "", "pods", "ecommerce"), Request("get", "", "pods", "istio-system", "ztunnel-1:15020", "proxy")]);
    }

    // The rule matching itself (rbac.go RuleAllows, evaluation_helpers.go), on small policies.
    private const string Account = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: everywhere}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster}
        subjects: [{kind: ServiceAccount, name: sa, namespace: harness}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: here, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: namespaced}
        subjects: [{kind: Group, name: "system:serviceaccounts:harness"}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: role, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: writer}
        subjects: [{kind: User, name: "system:serviceaccount:harness:sa"}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: writer, namespace: elsewhere}
        rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
        """;

    public static TheoryData<string, ApiRequest, bool> RuleRows() => new()
    {
        // verbs "*" and apiGroups "*".
        { "rules: [{apiGroups: ['*'], resources: [pods], verbs: ['*']}]", Request("delete", "", "pods", "x", "p", null), true },
        { "rules: [{apiGroups: ['*'], resources: [pods], verbs: ['*']}]", Request("delete", "apps", "pods", "x", "p", null), true },
        // The verb must be listed.
        { "rules: [{apiGroups: [''], resources: [pods], verbs: [get, list]}]", Request("watch", "", "pods", "x", null, null), false },
        // The group must be listed ("" is only the core group).
        { "rules: [{apiGroups: [''], resources: [deployments], verbs: [get]}]", Request("get", "apps", "deployments", "x", "d", null), false },
        // "pods" does not grant "pods/proxy", nor "pods/proxy" "pods".
        { "rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]", Request("get", "", "pods", "x", "p:15020", "proxy"), false },
        { "rules: [{apiGroups: [''], resources: [pods/proxy], verbs: [get]}]", Request("get", "", "pods", "x", "p", null), false },
        { "rules: [{apiGroups: [''], resources: [pods/proxy], verbs: [get]}]", Request("get", "", "pods", "x", "p:15020", "proxy"), true },
        // "*" covers subresources; "*/proxy" only the proxy subresource, of any resource.
        { "rules: [{apiGroups: [''], resources: ['*'], verbs: [get]}]", Request("get", "", "pods", "x", "p", "log"), true },
        { "rules: [{apiGroups: [''], resources: ['*/proxy'], verbs: [get]}]", Request("get", "", "services", "x", "s:80", "proxy"), true },
        { "rules: [{apiGroups: [''], resources: ['*/proxy'], verbs: [get]}]", Request("get", "", "pods", "x", "p", "log"), false },
        { "rules: [{apiGroups: [''], resources: ['*/proxy'], verbs: [get]}]", Request("get", "", "pods", "x", "p", null), false },
        // resourceNames: only those objects, and so never a list.
        { "rules: [{apiGroups: [''], resources: [pods], resourceNames: [a], verbs: [get, list]}]", Request("get", "", "pods", "x", "a", null), true },
        { "rules: [{apiGroups: [''], resources: [pods], resourceNames: [a], verbs: [get, list]}]", Request("get", "", "pods", "x", "b", null), false },
        { "rules: [{apiGroups: [''], resources: [pods], resourceNames: [a], verbs: [get, list]}]", Request("list", "", "pods", "x", null, null), false },
    };

    [Theory]
    [MemberData(nameof(RuleRows))]
    public void A_cluster_role_rule_matches_as_Kubernetes_matches_it(string rules, ApiRequest request, bool allowed)
    {
        var policy = Policy($"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {{name: cluster}}\n{rules}\n");

        Assert.Equal(allowed, policy.Allows(request));
    }

    [Fact]
    public void A_cluster_role_bound_by_a_role_binding_applies_in_that_namespace_only()
    {
        var policy = Policy("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: namespaced}\nrules: [{apiGroups: [''], resources: [services], verbs: [create]}]\n");

        Assert.True(policy.Allows(new("create", "", "v1", "services", null, "shop", null)));
        Assert.False(policy.Allows(new("create", "", "v1", "services", null, "other", null)));
        Assert.False(policy.Allows(new("create", "", "v1", "services", null, null, null)));
    }

    [Fact]
    public void A_role_binding_uses_the_role_of_its_own_namespace_only()
    {
        // RoleBinding shop/role names Role "writer", which exists only in namespace "elsewhere": nothing is granted.
        var policy = Policy("");

        Assert.False(policy.Allows(new("create", "", "v1", "services", null, "shop", null)));
        Assert.False(policy.Allows(new("create", "", "v1", "services", null, "elsewhere", null)));
    }

    private static RbacPolicy Policy(string more) => RbacPolicy.Parse(Account + "\n---\n" + more, "inline", "harness", "sa");
}

using System.Text.Json.Nodes;

namespace AmbientVerify.Probes.Tests.Deploy;

/// <summary>
/// The fields the API server requires of the kinds under deploy/ (what <c>kubectl apply</c> would refuse, with the
/// validation's field paths): <c>apiVersion</c>, <c>kind</c>, <c>metadata.name</c>; a namespace for namespaced kinds
/// (deploy/ never relies on the current namespace); RBAC roles' rules and bindings' <c>roleRef</c> / <c>subjects</c>
/// (<c>pkg/apis/rbac/validation/validation.go</c>); a Job's pod template with containers and a restartPolicy of Never
/// or OnFailure (<c>pkg/apis/batch/validation/validation.go</c>); a CronJob's schedule and job template.
/// </summary>
public static class KubernetesObjectRules
{
    private static readonly Dictionary<string, string> ApiVersions = new(StringComparer.Ordinal)
    {
        ["Namespace"] = "v1",
        ["ServiceAccount"] = "v1",
        ["ClusterRole"] = "rbac.authorization.k8s.io/v1",
        ["ClusterRoleBinding"] = "rbac.authorization.k8s.io/v1",
        ["Role"] = "rbac.authorization.k8s.io/v1",
        ["RoleBinding"] = "rbac.authorization.k8s.io/v1",
        ["Job"] = "batch/v1",
        ["CronJob"] = "batch/v1",
        ["PodMonitor"] = "monitoring.coreos.com/v1",
        ["ServiceMonitor"] = "monitoring.coreos.com/v1",
    };

    private static readonly HashSet<string> ClusterScoped = ["Namespace", "ClusterRole", "ClusterRoleBinding"];

    /// <summary>What is missing or wrong in <paramref name="item"/>, each as "&lt;where&gt;: &lt;field&gt; …"; empty when it would be accepted.</summary>
    public static IReadOnlyList<string> Problems(JsonObject item, string file)
    {
        var problems = new List<string>();
        var kind = item["kind"]?.ToString();
        var name = item["metadata"]?["name"]?.ToString();
        var where = $"{file}: {kind ?? "(no kind)"} {name ?? "(no name)"}";
        void Require(bool holds, string problem)
        {
            if (!holds)
            {
                problems.Add($"{where}: {problem}");
            }
        }

        Require(kind is not null, "kind: Required value");
        Require(!string.IsNullOrEmpty(name), "metadata.name: Required value");
        if (kind is null)
        {
            return problems;
        }

        Require(ApiVersions.ContainsKey(kind), $"kind {kind} is not one deploy/ is checked for: add its rules here");
        if (ApiVersions.TryGetValue(kind, out var apiVersion))
        {
            Require(item["apiVersion"]?.ToString() == apiVersion, $"apiVersion: must be {apiVersion}, not {item["apiVersion"]?.ToString() ?? "missing"}");
        }

        var ns = item["metadata"]?["namespace"]?.ToString();
        Require(ClusterScoped.Contains(kind) ? ns is null : !string.IsNullOrEmpty(ns),
            ClusterScoped.Contains(kind) ? "metadata.namespace: a cluster-scoped kind has none" : "metadata.namespace: Required value (deploy/ never relies on the current namespace)");

        switch (kind)
        {
            case "ClusterRole" or "Role":
                var rules = item["rules"] as JsonArray;
                Require(rules is { Count: > 0 }, "rules: Required value (a role without rules grants nothing)");
                foreach (var (rule, i) in (rules ?? []).OfType<JsonObject>().Select((r, i) => (r, i)))
                {
                    Require(DeployFiles.Strings(rule["verbs"]).Count > 0, $"rules[{i}].verbs: Required value");
                    var nonResource = DeployFiles.Strings(rule["nonResourceURLs"]).Count > 0;
                    Require(nonResource ? kind == "ClusterRole" : DeployFiles.Strings(rule["resources"]).Count > 0,
                        nonResource ? $"rules[{i}].nonResourceURLs: namespaced rules cannot apply to non-resource URLs" : $"rules[{i}].resources: Required value");
                    Require(nonResource || rule["apiGroups"] is JsonArray { Count: > 0 }, $"rules[{i}].apiGroups: Required value (\"\" is the core group)");
                }

                break;
            case "ClusterRoleBinding" or "RoleBinding":
                var roleRef = item["roleRef"] as JsonObject;
                Require(roleRef?["apiGroup"]?.ToString() == "rbac.authorization.k8s.io", "roleRef.apiGroup: Unsupported value: must be rbac.authorization.k8s.io");
                Require(roleRef?["kind"]?.ToString() is "ClusterRole" || (kind == "RoleBinding" && roleRef?["kind"]?.ToString() == "Role"),
                    $"roleRef.kind: Unsupported value: {(kind == "RoleBinding" ? "Role or ClusterRole" : "ClusterRole")}");
                Require(!string.IsNullOrEmpty(roleRef?["name"]?.ToString()), "roleRef.name: Required value");
                var subjects = (item["subjects"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                Require(subjects.Count > 0, "subjects: Required value (a binding without subjects grants nobody)");
                foreach (var (subject, i) in subjects.Select((s, i) => (s, i)))
                {
                    Require(!string.IsNullOrEmpty(subject["name"]?.ToString()), $"subjects[{i}].name: Required value");
                    Require(subject["kind"]?.ToString() is "ServiceAccount" or "User" or "Group", $"subjects[{i}].kind: Unsupported value");
                    Require(subject["kind"]?.ToString() != "ServiceAccount" || !string.IsNullOrEmpty(subject["namespace"]?.ToString()),
                        $"subjects[{i}].namespace: Required value (a ServiceAccount subject names its namespace)");
                }

                break;
            case "Job" or "CronJob":
                if (kind == "CronJob")
                {
                    var schedule = item["spec"]?["schedule"]?.ToString();
                    Require(schedule?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 5, $"spec.schedule: Invalid value: {schedule ?? "missing"} (five cron fields)");
                    Require(item["spec"]?["jobTemplate"]?["spec"] is JsonObject, "spec.jobTemplate.spec: Required value");
                }

                var podSpec = DeployFiles.PodSpecOf(item);
                var template = kind == "Job" ? "spec.template.spec" : "spec.jobTemplate.spec.template.spec";
                Require(podSpec is not null, $"{template}: Required value");
                Require(podSpec?["restartPolicy"]?.ToString() is "Never" or "OnFailure",
                    $"{template}.restartPolicy: Unsupported value: {podSpec?["restartPolicy"]?.ToString() ?? "missing (Always)"}: supported values: \"OnFailure\", \"Never\"");
                var containers = (podSpec?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                Require(containers.Count > 0, $"{template}.containers: Required value");
                var volumes = (podSpec?["volumes"] as JsonArray ?? []).OfType<JsonObject>().Select(v => v["name"]?.ToString()).ToHashSet();
                foreach (var (container, i) in containers.Select((c, i) => (c, i)))
                {
                    Require(!string.IsNullOrEmpty(container["name"]?.ToString()), $"{template}.containers[{i}].name: Required value");
                    Require(!string.IsNullOrEmpty(container["image"]?.ToString()), $"{template}.containers[{i}].image: Required value");
                    foreach (var mount in (container["volumeMounts"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        Require(volumes.Contains(mount["name"]?.ToString()), $"{template}.containers[{i}].volumeMounts.name: Not found: {mount["name"]}");
                    }
                }

                break;
        }

        return problems;
    }
}

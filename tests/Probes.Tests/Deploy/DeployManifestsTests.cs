using System.Text.Json.Nodes;
using AmbientVerify.TestSupport.FakeApi;

namespace AmbientVerify.Probes.Tests.Deploy;

/// <summary>deploy/: every file parses, every object has what Kubernetes requires, and the files agree with each other and with the csproj.</summary>
public sealed class DeployManifestsTests
{
    public static TheoryData<string> KubernetesFiles() => [.. DeployFiles.KubernetesFiles];

    [Fact]
    public void Every_yaml_file_under_deploy_is_one_the_tests_know()
    {
        // A new file must be added to DeployFiles (and so be checked), not slip in unchecked.
        Assert.Equal(
            DeployFiles.KubernetesFiles.Append(DeployFiles.ScrapeConfig).Append(DeployFiles.Pipeline)
                .Append(DeployFiles.GrafanaDashboardProvider).Append(DeployFiles.GrafanaDatasource).Order(StringComparer.Ordinal),
            DeployFiles.AllYaml());
    }

    [Theory]
    [MemberData(nameof(KubernetesFiles))]
    public void Every_object_has_the_fields_Kubernetes_requires(string file)
    {
        var objects = DeployFiles.Objects(file);

        Assert.NotEmpty(objects);
        Assert.Empty(objects.SelectMany(o => KubernetesObjectRules.Problems(o, file)));
    }

    [Theory]
    [InlineData("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: n}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]\n",
        "j: spec.template.spec.restartPolicy: Unsupported value: missing (Always)")]
    [InlineData("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: n}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c}]\n",
        "j: spec.template.spec.containers[0].image: Required value")]
    [InlineData("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: n}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: i, volumeMounts: [{name: reports, mountPath: /r}]}]\n",
        "volumeMounts.name: Not found: reports")]
    [InlineData("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c, namespace: n}\nspec:\n  schedule: hourly\n  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: i}]}}}}\n",
        "c: spec.schedule: Invalid value: hourly")]
    [InlineData("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects: [{kind: ServiceAccount, name: sa, namespace: n}]\n",
        "b: metadata.namespace: Required value")]
    [InlineData("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects: [{kind: ServiceAccount, name: sa}]\n",
        "b: roleRef.kind: Unsupported value: ClusterRole")]
    [InlineData("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: [{kind: ServiceAccount, name: sa}]\n",
        "b: subjects[0].namespace: Required value")]
    [InlineData("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: [{apiGroups: [''], resources: [pods]}]\n",
        "r: rules[0].verbs: Required value")]
    [InlineData("apiVersion: rbac/v1\nkind: Role\nmetadata: {name: r, namespace: n}\nrules: [{apiGroups: [''], resources: [pods], verbs: [get]}]\n",
        "r: apiVersion: must be rbac.authorization.k8s.io/v1, not rbac/v1")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m, namespace: n}\n",
        "kind ConfigMap is not one deploy/ is checked for")]
    public void A_broken_object_is_named_with_the_field_Kubernetes_would_refuse(string yaml, string expected)
    {
        var problems = YamlToJson.Documents(yaml).SelectMany(o => KubernetesObjectRules.Problems(o, "broken.yaml")).ToList();

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_bindings_name_roles_the_file_defines_in_their_namespace()
    {
        var objects = DeployFiles.Objects("rbac.yaml");
        var roles = objects.Where(o => o["kind"]?.ToString() is "Role" or "ClusterRole")
            .Select(o => (Kind: o["kind"]!.ToString(), Namespace: o["metadata"]?["namespace"]?.ToString(), Name: o["metadata"]!["name"]!.ToString()))
            .ToHashSet();
        var bindings = objects.Where(o => o["kind"]?.ToString() is "RoleBinding" or "ClusterRoleBinding").ToList();

        Assert.Equal(2, bindings.Count);
        Assert.All(bindings, b =>
        {
            var kind = b["roleRef"]!["kind"]!.ToString();
            var ns = kind == "Role" ? b["metadata"]!["namespace"]!.ToString() : null;
            Assert.Contains((kind, ns, b["roleRef"]!["name"]!.ToString()), roles);
        });
    }

    [Fact]
    public void The_cluster_role_only_reads()
    {
        var clusterRole = DeployFiles.Objects("rbac.yaml").Single(o => o["kind"]?.ToString() == "ClusterRole");

        var verbs = (clusterRole["rules"] as JsonArray)!.SelectMany(r => DeployFiles.Strings(r!["verbs"])).ToHashSet();

        Assert.Subset(new HashSet<string> { "get", "list", "watch" }, verbs);
    }

    [Theory]
    [InlineData("job.yaml", "Job")]
    [InlineData("cronjob.yaml", "CronJob")]
    public void The_gate_pod_runs_once_as_the_harness_account_with_its_reports_on_an_empty_dir(string file, string kind)
    {
        var item = DeployFiles.Objects(file).Single(o => o["kind"]?.ToString() == kind);
        var jobSpec = kind == "Job" ? item["spec"]! : item["spec"]!["jobTemplate"]!["spec"]!;
        var podSpec = DeployFiles.PodSpecOf(item)!;
        var account = DeployFiles.Objects("rbac.yaml").Single(o => o["kind"]?.ToString() == "ServiceAccount");
        var (_, _, container) = DeployFiles.Containers(file).Single();
        var invocation = ProbesInvocations.All().Single(i => i.Where.StartsWith(file + ":", StringComparison.Ordinal));

        Assert.Equal(0, jobSpec["backoffLimit"]!.GetValue<long>());
        Assert.True(jobSpec["activeDeadlineSeconds"]!.GetValue<long>() > 0, "activeDeadlineSeconds must bound the run");
        Assert.Equal("Never", podSpec["restartPolicy"]!.ToString());
        Assert.Equal(account["metadata"]!["name"]!.ToString(), podSpec["serviceAccountName"]!.ToString());
        Assert.Equal(account["metadata"]!["namespace"]!.ToString(), item["metadata"]!["namespace"]!.ToString());
        Assert.True(podSpec["securityContext"]?["runAsNonRoot"]?.GetValue<bool>(), "the harness runs as non-root");
        var output = invocation.ValueOf("--output");
        var mount = (container["volumeMounts"] as JsonArray)!.Single(m => m!["mountPath"]!.ToString() == output)!;
        var volume = (podSpec["volumes"] as JsonArray)!.Single(v => v!["name"]!.ToString() == mount["name"]!.ToString())!;
        Assert.NotNull(volume["emptyDir"]);
        // The reports are printed after the gate, and the gate's exit code is kept.
        var script = DeployFiles.Strings(container["command"]);
        Assert.Contains($"cat {output}/report.md", script[2], StringComparison.Ordinal);
        Assert.Contains("exit $code", script[2], StringComparison.Ordinal);
    }

    [Fact]
    public void The_cron_job_never_runs_two_gates_at_once()
    {
        var cronJob = DeployFiles.Objects("cronjob.yaml").Single();

        Assert.Equal("Forbid", cronJob["spec"]!["concurrencyPolicy"]!.ToString());
    }

    [Theory]
    [InlineData("job.yaml")]
    [InlineData("cronjob.yaml")]
    public void The_images_are_the_ones_the_csproj_publishes_at_a_pinned_tag(string file)
    {
        var probes = DeployFiles.ContainerImage("Probes");
        var faultTarget = DeployFiles.ContainerImage("FaultTarget");
        var (_, _, container) = DeployFiles.Containers(file).Single();
        var invocation = ProbesInvocations.All().Single(i => i.Where.StartsWith(file + ":", StringComparison.Ordinal));

        Assert.Null(ImageProblem(container["image"]!.ToString(), probes));
        Assert.Null(ImageProblem(invocation.ValueOf("--faulttarget-image") ?? "(no --faulttarget-image)", faultTarget));
    }

    [Theory]
    [InlineData("registry.example.com/ambientverify/probes:latest", "tag latest is not pinned")]
    [InlineData("registry.example.com/ambientverify/probe:0.1.0", "is not <registry>/ambientverify/probes:<tag>")]
    [InlineData("registry.example.com/ambientverify/probes:9.9.9", "tag 9.9.9 is not one of ContainerImageTags 0.1.0;latest")]
    public void An_image_the_csproj_does_not_publish_is_named(string image, string expected)
    {
        Assert.Contains(expected, ImageProblem(image, ("ambientverify/probes", ["0.1.0", "latest"])), StringComparison.Ordinal);
    }

    [Fact]
    public void The_role_is_in_the_namespace_every_invocation_targets()
    {
        var role = DeployFiles.Objects("rbac.yaml").Single(o => o["kind"]?.ToString() == "Role");

        Assert.All(ProbesInvocations.All(), i => Assert.Equal(role["metadata"]!["namespace"]!.ToString(), i.ValueOf("--namespace")));
    }

    [Fact]
    public void The_scrape_config_keeps_the_harness_pods_and_reads_metrics()
    {
        var config = DeployFiles.Plain(DeployFiles.ScrapeConfig);
        var job = ScrapeJobs(config).Single(j => j["job_name"].ToString() == "ambientverify-probes");
        var keep = ((YamlDotNet.RepresentationModel.YamlSequenceNode)job["relabel_configs"]).OfType<YamlDotNet.RepresentationModel.YamlMappingNode>()
            .First(r => r["action"].ToString() == "keep");
        var jobPodLabels = DeployFiles.Objects("job.yaml").Single()["spec"]!["template"]!["metadata"]!["labels"]!;

        Assert.Equal("ambientverify-probes", job["job_name"].ToString());
        Assert.Equal("/metrics", job["metrics_path"].ToString());
        Assert.Equal("__meta_kubernetes_pod_label_app_kubernetes_io_name", ((YamlDotNet.RepresentationModel.YamlSequenceNode)keep["source_labels"]).Single().ToString());
        Assert.Equal(jobPodLabels["app.kubernetes.io/name"]!.ToString(), keep["regex"].ToString());
    }

    [Fact]
    public void The_scrape_config_and_the_service_monitor_keep_the_pushed_labels_of_the_pushgateway()
    {
        var job = ScrapeJobs(DeployFiles.Plain(DeployFiles.ScrapeConfig)).Single(j => j["job_name"].ToString() == "ambientverify-pushgateway");
        var monitor = DeployFiles.Objects(DeployFiles.Monitors).Single(o => o["kind"]!.ToString() == "ServiceMonitor");

        Assert.Equal("true", job["honor_labels"].ToString());
        Assert.Equal("/metrics", job["metrics_path"].ToString());
        Assert.Equal("ambientverify-pushgateway", monitor["metadata"]!["name"]!.ToString());
        Assert.True(Assert.Single(monitor["spec"]!["endpoints"]!.AsArray())!["honorLabels"]!.GetValue<bool>());
    }

    [Fact]
    public void The_pod_monitor_selects_the_harness_pods_as_the_scrape_config_does()
    {
        var monitor = DeployFiles.Objects(DeployFiles.Monitors).Single(o => o["kind"]!.ToString() == "PodMonitor");
        var jobPodLabels = DeployFiles.Objects("job.yaml").Single()["spec"]!["template"]!["metadata"]!["labels"]!;
        var endpoint = Assert.Single(monitor["spec"]!["podMetricsEndpoints"]!.AsArray())!;

        Assert.Equal("ambientverify", monitor["metadata"]!["namespace"]!.ToString());
        Assert.Equal(["ambientverify"], DeployFiles.Strings(monitor["spec"]!["namespaceSelector"]!["matchNames"]));
        Assert.Equal(jobPodLabels["app.kubernetes.io/name"]!.ToString(), monitor["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]!.ToString());
        Assert.Equal(("metrics", "/metrics"), (endpoint["port"]!.ToString(), endpoint["path"]!.ToString()));
    }

    private static List<YamlDotNet.RepresentationModel.YamlMappingNode> ScrapeJobs(YamlDotNet.RepresentationModel.YamlMappingNode config) =>
        [.. ((YamlDotNet.RepresentationModel.YamlSequenceNode)config["scrape_configs"]).OfType<YamlDotNet.RepresentationModel.YamlMappingNode>()];

    [Fact]
    public void The_pipeline_publishes_the_junit_the_gate_writes_and_never_prints_the_kubeconfig()
    {
        var pipeline = DeployFiles.Plain(DeployFiles.Pipeline);
        var steps = ((YamlDotNet.RepresentationModel.YamlSequenceNode)((YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlMappingNode)pipeline["jobs"])["gate"])["steps"])
            .OfType<YamlDotNet.RepresentationModel.YamlMappingNode>().ToList();
        var gate = ProbesInvocations.All().Single(i => i.Where.StartsWith(DeployFiles.Pipeline, StringComparison.Ordinal));
        var junit = steps.Single(s => s.Children.ContainsKey("uses") && s["uses"].ToString().StartsWith("mikepenz/action-junit-report", StringComparison.Ordinal));
        var runs = steps.Where(s => s.Children.ContainsKey("run")).Select(s => s["run"].ToString()).ToList();

        Assert.Equal("gate", gate.Verb);
        Assert.Equal("cluster", gate.ValueOf("--target"));
        Assert.Equal($"{gate.ValueOf("--output")}/junit.xml", ((YamlDotNet.RepresentationModel.YamlMappingNode)junit["with"])["report_paths"].ToString());
        Assert.Equal("always()", junit["if"].ToString());
        Assert.Equal("$RUNNER_TEMP/kubeconfig", gate.ValueOf("--kubeconfig"));
        Assert.DoesNotContain(runs, r => r.Contains("echo", StringComparison.Ordinal) || r.Contains("cat ", StringComparison.Ordinal) || r.Contains("set -x", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("umask 077", StringComparison.Ordinal));
    }

    /// <summary>Why <paramref name="image"/> is not <c>&lt;registry&gt;/&lt;ContainerRepository&gt;:&lt;a pinned tag of ContainerImageTags&gt;</c>; null when it is.</summary>
    private static string? ImageProblem(string image, (string Repository, IReadOnlyList<string> Tags) published)
    {
        var colon = image.LastIndexOf(':');
        var (path, tag) = colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
        if (!path.EndsWith("/" + published.Repository, StringComparison.Ordinal))
        {
            return $"{image} is not <registry>/{published.Repository}:<tag> (ContainerRepository in the csproj)";
        }

        if (tag == "latest")
        {
            return $"{image}: tag latest is not pinned: name one of ContainerImageTags";
        }

        return published.Tags.Contains(tag) ? null : $"{image}: tag {tag} is not one of ContainerImageTags {string.Join(';', published.Tags)}";
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AmbientVerify.Manifests;
using AmbientVerify.Manifests.Topology;
using Microsoft.AspNetCore.Http;

namespace AmbientVerify.TestSupport.FakeApi;

/// <summary>
/// A <see cref="FakeApiServer"/> holding what a real cluster shows after <c>kubectl apply</c> of a directory of
/// rendered manifests with Istio installed:
/// <list type="bullet">
/// <item>the manifests' objects as applied (a namespaced object without a namespace goes to the manifests' namespace);</item>
/// <item>per Deployment replica a Running, Ready pod as Kubernetes and Istio make it (<see cref="MeshTopology"/> decides
/// the dataplane: ztunnel → <c>ambient.istio.io/redirection: enabled</c>; sidecar → an <c>istio-proxy</c> container,
/// <c>istio-init</c> and <c>sidecar.istio.io/status</c>), spread over the nodes, with pod IPs;</item>
/// <item>nodes; istio-system with istiod (its image tag is the version) and, for an ambient mesh, the ztunnel and
/// istio-cni-node DaemonSets with one ready pod per node;</item>
/// <item>the HTTPRoute CRD with its channel annotation and a schema with or without <c>retry</c>;</item>
/// <item>every HTTPRoute's status: Accepted and ResolvedRefs True for each parentRef (Istio's controller name);</item>
/// <item>the pod proxy of each ztunnel (<c>:15020/metrics</c>) and sidecar (<c>:15090/stats/prometheus</c>).</item>
/// </list>
/// <see cref="SeededClusterOptions"/> plants the problems. Used by the audit tests and the end-to-end cluster gate.
/// </summary>
public static class SeededCluster
{
    public const string IstioSystem = "istio-system";
    public const string IstioController = "istio.io/gateway-controller";
    public const string PodTemplateHash = "5d8f7c9b4";

    private static readonly HashSet<string> ClusterScopedKinds = ["Namespace", "GatewayClass", "CustomResourceDefinition", "Node", "ClusterRole", "ClusterRoleBinding"];

    public static async Task<FakeApiServer> StartAsync(string manifestsDirectory, SeededClusterOptions? options = null)
    {
        options ??= new SeededClusterOptions();
        var manifests = MeshManifests.LoadDirectory(manifestsDirectory);
        var topology = MeshTopology.From(manifests);
        var api = await FakeApiServer.StartAsync();
        try
        {
            Seed(api, manifestsDirectory, manifests, topology, options);
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    private static void Seed(FakeApiServer api, string directory, MeshManifests manifests, MeshTopology topology, SeededClusterOptions options)
    {
        // Telemetry is Istio's too (its base chart installs the CRD).
        api.AddResource(new ApiResource("telemetry.istio.io", "v1", "Telemetry", "telemetries", true));
        var defaultNamespace = manifests.Namespaces.Count == 1 ? manifests.Namespaces[0].Ref.Name : "default";
        var nodes = Enumerable.Range(1, options.Nodes).Select(i => $"node-{i}").ToList();
        foreach (var node in nodes)
        {
            api.Add(Node(node));
        }

        api.AddNamespace(IstioSystem, new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = IstioSystem });
        foreach (var file in Directory.EnumerateFiles(directory, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var item in YamlToJson.Documents(File.ReadAllText(file)))
            {
                var kind = item["kind"]?.GetValue<string>() ?? "";
                if (!ClusterScopedKinds.Contains(kind) && item["metadata"] is JsonObject metadata)
                {
                    metadata["namespace"] ??= defaultNamespace;
                }

                if (kind == "HTTPRoute")
                {
                    Applied(item, options);
                }

                api.Add(item);
            }
        }

        var sidecarStillOn = options.SidecarStillOn;
        var podsByNode = new Dictionary<string, List<(string Ns, string Name, string Workload, string ServiceAccount)>>();
        var sidecarPods = new List<(string Ns, string Name)>();
        var podIndex = 0;
        foreach (var workload in topology.Workloads)
        {
            var deployment = manifests.Deployments.First(d => d.Ref.Namespace == workload.Namespace && d.Ref.Name == workload.Name);
            var sidecar = sidecarStillOn == $"{workload.Namespace}/{workload.Name}";
            foreach (var pod in workload.Pods)
            {
                var node = nodes[podIndex % nodes.Count];
                var name = $"{workload.Name}-{PodTemplateHash}-{Suffix(pod.Index)}";
                var hasSidecar = sidecar || pod.Dataplane == PodDataplane.Sidecar;
                api.Add(Pod(deployment, pod, name, node, nodes.IndexOf(node), podIndex, hasSidecar));
                (podsByNode.TryGetValue(node, out var list) ? list : podsByNode[node] = []).Add((pod.Namespace, name, workload.Name, workload.ServiceAccount));
                if (hasSidecar)
                {
                    sidecarPods.Add((pod.Namespace, name));
                }

                podIndex++;
            }

            api.Update("apps", "deployments", workload.Namespace, workload.Name, d => d["status"] = new JsonObject
            {
                ["replicas"] = workload.Replicas, ["readyReplicas"] = workload.Replicas, ["availableReplicas"] = workload.Replicas,
            });
        }

        if (!options.WithoutIstiod)
        {
            api.Add(Istiod(options.IstiodImage));
        }

        var ambient = options.AmbientAgents ?? topology.Pods.Any(p => p.Dataplane == PodDataplane.Ztunnel);
        if (ambient)
        {
            var ztunnelNodes = nodes.Where(n => n != options.NodeWithoutZtunnel).ToList();
            api.Add(DaemonSet("ztunnel", "app", "ztunnel", nodes.Count, ztunnelNodes.Count));
            foreach (var node in ztunnelNodes)
            {
                var podName = $"ztunnel-{node}";
                api.Add(AgentPod(podName, "app", "ztunnel", "ztunnel", "docker.io/istio/ztunnel:" + (IstioTag(options.IstiodImage) ?? "1.26.2"), node, nodes.IndexOf(node), ready: true));
                var onNode = podsByNode.GetValueOrDefault(node) ?? [];
                api.MapPrefix($"/api/v1/namespaces/{IstioSystem}/pods/{podName}:15020/proxy", async context =>
                    await TextAsync(context, options.ZtunnelMetrics is { } metrics ? await metrics(podName) : ZeroTrafficMetrics(onNode, options.TrustDomain)));
            }

            var cniReady = options.IstioCniNotReady ? nodes.Count - 1 : nodes.Count;
            api.Add(DaemonSet("istio-cni-node", "k8s-app", "istio-cni-node", nodes.Count, cniReady));
            foreach (var node in nodes)
            {
                api.Add(AgentPod($"istio-cni-node-{node}", "k8s-app", "istio-cni-node", "install-cni", "docker.io/istio/install-cni:1.26.2", node, nodes.IndexOf(node),
                    ready: !(options.IstioCniNotReady && node == nodes[^1])));
            }
        }

        foreach (var (ns, name) in sidecarPods)
        {
            api.MapPrefix($"/api/v1/namespaces/{ns}/pods/{name}:15090/proxy", context => TextAsync(context, "# sidecar stats: no istio_tcp_* traffic yet\n"));
        }

        if (!options.WithoutGatewayApiCrds)
        {
            api.Add(HttpRouteCrd(options.GatewayApiChannel));
        }

        foreach (var route in api.Objects("gateway.networking.k8s.io", "httproutes"))
        {
            var ns = route["metadata"]!["namespace"]!.GetValue<string>();
            var name = route["metadata"]!["name"]!.GetValue<string>();
            var notAccepted = options.RouteNotAccepted is { } planted && planted.Route == $"{ns}/{name}" ? planted : ((string, string Reason, string Message)?)null;
            api.Update("gateway.networking.k8s.io", "httproutes", ns, name, r => r["status"] = RouteStatus(r, ns, notAccepted));
        }

        foreach (var group in options.MissingGroups)
        {
            api.RemoveGroup(group);
        }
    }

    /// <summary>What kubectl apply records, and what a standard-channel API server keeps (it prunes retry).</summary>
    private static void Applied(JsonObject route, SeededClusterOptions options)
    {
        var metadata = (JsonObject)route["metadata"]!;
        var annotations = metadata["annotations"] as JsonObject ?? (JsonObject)(metadata["annotations"] = new JsonObject());
        annotations["kubectl.kubernetes.io/last-applied-configuration"] = route.ToJsonString();
        if (options.GatewayApiChannel == "standard")
        {
            foreach (var rule in (route["spec"]?["rules"] as JsonArray ?? []).OfType<JsonObject>())
            {
                rule.Remove("retry");
            }
        }
    }

    private static string Suffix(int index) => "x" + ((char)('a' + (index % 26))) + index.ToString(CultureInfo.InvariantCulture) + "qz";

    private static JsonObject Node(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = name } },
        ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }) },
    };

    private static JsonObject Pod(Manifests.Model.DeploymentManifest deployment, PodTopology pod, string name, string node, int nodeIndex, int podIndex, bool sidecar)
    {
        var labels = new JsonObject { ["pod-template-hash"] = PodTemplateHash };
        foreach (var (key, value) in pod.Labels)
        {
            labels[key] = value;
        }

        var annotations = new JsonObject();
        foreach (var (key, value) in pod.Annotations.Where(a => !sidecar || a.Key != IstioMetadata.RedirectionAnnotation))
        {
            annotations[key] = value;
        }

        var containers = new JsonArray();
        foreach (var container in deployment.Containers)
        {
            containers.Add(new JsonObject
            {
                ["name"] = container.Name,
                ["image"] = container.Image,
                ["ports"] = new JsonArray([.. container.Ports.Select(p => (JsonNode)new JsonObject { ["containerPort"] = p, ["protocol"] = "TCP" })]),
            });
        }

        var initContainers = new JsonArray();
        if (sidecar)
        {
            // What Istio's injector adds (istio/istio pkg/kube/inject): istio-init (or istio-validation with istio-cni) and istio-proxy.
            annotations[IstioMetadata.SidecarStatusAnnotation] = IstioMetadata.SidecarStatusValue;
            containers.Add(new JsonObject { ["name"] = IstioMetadata.ProxyContainer, ["image"] = "docker.io/istio/proxyv2:1.26.2" });
            initContainers.Add(new JsonObject { ["name"] = "istio-init", ["image"] = "docker.io/istio/proxyv2:1.26.2" });
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = pod.Namespace,
                ["labels"] = labels,
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = $"{deployment.Ref.Name}-{PodTemplateHash}", ["controller"] = true,
                }),
            },
            ["spec"] = new JsonObject
            {
                ["nodeName"] = node,
                ["serviceAccountName"] = pod.ServiceAccount,
                ["containers"] = containers,
                ["initContainers"] = initContainers,
            },
            ["status"] = RunningStatus($"10.244.{nodeIndex}.{10 + podIndex}", ready: true),
        };
    }

    private static JsonObject RunningStatus(string ip, bool ready) => new()
    {
        ["phase"] = "Running",
        ["podIP"] = ip,
        ["conditions"] = new JsonArray(
            new JsonObject { ["type"] = "Initialized", ["status"] = "True" },
            new JsonObject { ["type"] = "ContainersReady", ["status"] = ready ? "True" : "False" },
            new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
    };

    private static JsonObject AgentPod(string name, string labelKey, string labelValue, string container, string image, string node, int nodeIndex, bool ready) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = IstioSystem, ["labels"] = new JsonObject { [labelKey] = labelValue } },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = node,
            ["serviceAccountName"] = labelValue,
            ["containers"] = new JsonArray(new JsonObject { ["name"] = container, ["image"] = image }),
        },
        ["status"] = RunningStatus($"10.244.{nodeIndex}.2", ready),
    };

    private static JsonObject DaemonSet(string name, string labelKey, string labelValue, int desired, int ready) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "DaemonSet",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = IstioSystem, ["labels"] = new JsonObject { [labelKey] = labelValue } },
        ["spec"] = new JsonObject { ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [labelKey] = labelValue } } },
        ["status"] = new JsonObject { ["desiredNumberScheduled"] = desired, ["currentNumberScheduled"] = ready, ["numberReady"] = ready },
    };

    private static JsonObject Istiod(string image) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = "istiod", ["namespace"] = IstioSystem, ["labels"] = new JsonObject { ["app"] = "istiod", ["istio"] = "pilot" } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "istiod" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "istiod" } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "discovery", ["image"] = image }) },
            },
        },
    };

    private static string? IstioTag(string image) => image.LastIndexOf(':') is var colon and > 0 ? image[(colon + 1)..].Split('-')[0] : null;

    /// <summary>
    /// The HTTPRoute CRD as gateway-api v1.3.0 ships it, cut to the rule fields: the experimental bundle declares
    /// <c>retry</c> under <c>spec.rules.items</c>, the standard one does not (config/crd/{standard,experimental}/gateway.networking.k8s.io_httproutes.yaml).
    /// </summary>
    private static JsonObject HttpRouteCrd(string channel)
    {
        var ruleProperties = new JsonObject
        {
            ["matches"] = new JsonObject { ["type"] = "array" },
            ["backendRefs"] = new JsonObject { ["type"] = "array" },
            ["filters"] = new JsonObject { ["type"] = "array" },
            ["timeouts"] = new JsonObject { ["type"] = "object" },
        };
        if (channel == "experimental")
        {
            ruleProperties["retry"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["attempts"] = new JsonObject { ["type"] = "integer" },
                    ["backoff"] = new JsonObject { ["type"] = "string" },
                    ["codes"] = new JsonObject { ["type"] = "array" },
                },
            };
        }

        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject
            {
                ["name"] = "httproutes.gateway.networking.k8s.io",
                ["annotations"] = new JsonObject
                {
                    ["gateway.networking.k8s.io/bundle-version"] = "v1.3.0",
                    ["gateway.networking.k8s.io/channel"] = channel,
                },
            },
            ["spec"] = new JsonObject
            {
                ["group"] = "gateway.networking.k8s.io",
                ["scope"] = "Namespaced",
                ["names"] = new JsonObject { ["kind"] = "HTTPRoute", ["plural"] = "httproutes", ["singular"] = "httproute", ["listKind"] = "HTTPRouteList" },
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = "v1",
                    ["served"] = true,
                    ["storage"] = true,
                    ["schema"] = new JsonObject
                    {
                        ["openAPIV3Schema"] = new JsonObject
                        {
                            ["type"] = "object",
                            ["properties"] = new JsonObject
                            {
                                ["spec"] = new JsonObject
                                {
                                    ["type"] = "object",
                                    ["properties"] = new JsonObject
                                    {
                                        ["rules"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["properties"] = ruleProperties } },
                                    },
                                },
                            },
                        },
                    },
                }),
            },
        };
    }

    /// <summary>Istio's controller status for each parentRef: Accepted and ResolvedRefs True (or the planted refusal).</summary>
    private static JsonObject RouteStatus(JsonObject route, string ns, (string Route, string Reason, string Message)? notAccepted)
    {
        var parents = new JsonArray();
        foreach (var parentRef in (route["spec"]?["parentRefs"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var accepted = notAccepted is { } refusal
                ? Condition("Accepted", "False", refusal.Reason, refusal.Message)
                : Condition("Accepted", "True", "Accepted", "Route was valid");
            var reference = new JsonObject
            {
                ["group"] = "gateway.networking.k8s.io",
                ["kind"] = parentRef["kind"]?.GetValue<string>() ?? "Gateway",
                ["name"] = parentRef["name"]?.GetValue<string>(),
                ["namespace"] = parentRef["namespace"]?.GetValue<string>() ?? ns,
            };
            if (parentRef["sectionName"] is JsonNode section)
            {
                reference["sectionName"] = section.GetValue<string>();
            }

            parents.Add(new JsonObject
            {
                ["parentRef"] = reference,
                ["controllerName"] = IstioController,
                ["conditions"] = new JsonArray(accepted, Condition("ResolvedRefs", "True", "ResolvedRefs", "All references resolved")),
            });
        }

        return new JsonObject { ["parents"] = parents };
    }

    private static JsonObject Condition(string type, string status, string reason, string message) => new()
    {
        ["type"] = type, ["status"] = status, ["reason"] = reason, ["message"] = message,
        ["lastTransitionTime"] = "2026-01-01T00:00:00Z", ["observedGeneration"] = 1,
    };

    /// <summary>ztunnel's inbound series for the pods on its node, before any traffic (counters at 0), labelled as ztunnel labels them (DESIGN §2).</summary>
    private static string ZeroTrafficMetrics(IReadOnlyList<(string Ns, string Name, string Workload, string ServiceAccount)> pods, string trustDomain)
    {
        var text = new StringBuilder();
        text.Append("# TYPE istio_tcp_connections_opened counter\n");
        foreach (var pod in pods.DistinctBy(p => (p.Ns, p.Workload)))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"istio_tcp_connections_opened_total{{reporter=\"destination\",source_workload=\"unknown\",source_principal=\"unknown\",destination_workload=\"{pod.Workload}\",destination_workload_namespace=\"{pod.Ns}\",destination_principal=\"spiffe://{trustDomain}/ns/{pod.Ns}/sa/{pod.ServiceAccount}\",connection_security_policy=\"mutual_tls\"}} 0\n");
        }

        text.Append("# EOF\n");
        return text.ToString();
    }

    private static async Task TextAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain; version=0.0.4";
        await context.Response.WriteAsync(text);
    }
}

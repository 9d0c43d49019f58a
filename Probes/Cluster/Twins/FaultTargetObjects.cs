using System.Text.Json.Nodes;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>One original backend Service the FaultTarget stands in for, its listener port and the ports its twin Service serves.</summary>
/// <param name="Ports">The port numbers the routes' backendRefs (or destinations) use for it: the twin Service serves the same ones.</param>
public sealed record StandIn(string Namespace, string Name, string TwinService, int ListenerPort, IReadOnlyList<int> Ports)
{
    public string QualifiedName => $"{Namespace}/{Name}";
}

/// <summary>
/// The in-cluster FaultTarget (DESIGN §4): one Deployment of one replica with a listener per original Service
/// (FaultTarget/README.md's multi-Service form, named after the original so tries are counted under the original
/// "namespace/name" the matrix compares with the route's backends), and one twin Service per original.
/// </summary>
internal static class FaultTargetObjects
{
    public const string ContainerName = "faulttarget";

    public static JsonObject Deployment(TwinRun run, TwinOptions options, IReadOnlyList<StandIn> standIns)
    {
        var podLabels = PodLabels(run);
        var env = new JsonArray();
        for (var i = 0; i < standIns.Count; i++)
        {
            env.Add(Env($"FaultTarget__Services__{i}__Name", standIns[i].Name));
            env.Add(Env($"FaultTarget__Services__{i}__Namespace", standIns[i].Namespace));
            env.Add(Env($"FaultTarget__Services__{i}__Url", $"http://0.0.0.0:{standIns[i].ListenerPort}"));
        }

        // The diagnostics IPC socket would need a writable /tmp; the root filesystem is read-only.
        env.Add(Env("DOTNET_EnableDiagnostics", "0"));
        var ports = new JsonArray(standIns.Select((s, i) => (JsonNode)new JsonObject { ["name"] = $"l{i}", ["containerPort"] = s.ListenerPort }).ToArray());
        return new JsonObject
        {
            ["apiVersion"] = TwinKind.Deployment.ApiVersion,
            ["kind"] = TwinKind.Deployment.Kind,
            ["metadata"] = TwinMetadata.For(run, options, TwinNames.Deployment(run.RunId), options.Namespace),
            ["spec"] = new JsonObject
            {
                // One replica: tries are counted in one process, whichever listener a retry reaches (DESIGN §4).
                ["replicas"] = 1,
                ["selector"] = new JsonObject { ["matchLabels"] = podLabels.DeepClone() },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = podLabels },
                    ["spec"] = new JsonObject
                    {
                        ["automountServiceAccountToken"] = false,
                        ["securityContext"] = new JsonObject
                        {
                            ["runAsNonRoot"] = true,
                            ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
                        },
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = ContainerName,
                            ["image"] = options.Image,
                            ["env"] = env,
                            ["ports"] = ports,
                            // /health answers 200 on every listener without counting a try (FaultTarget/Faults/FaultPaths.cs IsOwnEndpoint).
                            ["readinessProbe"] = new JsonObject
                            {
                                ["httpGet"] = new JsonObject { ["path"] = "/health", ["port"] = standIns[0].ListenerPort },
                                ["periodSeconds"] = 2,
                            },
                            ["resources"] = new JsonObject
                            {
                                ["requests"] = new JsonObject { ["cpu"] = "50m", ["memory"] = "64Mi" },
                                ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" },
                            },
                            ["securityContext"] = new JsonObject
                            {
                                ["allowPrivilegeEscalation"] = false,
                                ["readOnlyRootFilesystem"] = true,
                                ["runAsNonRoot"] = true,
                                ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
                            },
                        }),
                    },
                },
            },
        };
    }

    /// <summary>The twin Service of one original: its port numbers, each to the original's listener on the FaultTarget.</summary>
    public static JsonObject Service(TwinRun run, TwinOptions options, StandIn standIn) => new()
    {
        ["apiVersion"] = TwinKind.Service.ApiVersion,
        ["kind"] = TwinKind.Service.Kind,
        ["metadata"] = TwinMetadata.For(run, options, standIn.TwinService, options.Namespace),
        ["spec"] = new JsonObject
        {
            ["selector"] = PodLabels(run),
            ["ports"] = new JsonArray(standIn.Ports.Select(port => (JsonNode)new JsonObject
            {
                ["name"] = $"http-{port}",
                ["port"] = port,
                ["targetPort"] = standIn.ListenerPort,
                ["protocol"] = "TCP",
            }).ToArray()),
        },
    };

    private static JsonObject PodLabels(TwinRun run)
    {
        var labels = TwinMetadata.Labels(run);
        labels[TwinLabels.Component] = TwinLabels.ComponentValue;
        return labels;
    }

    private static JsonObject Env(string name, string value) => new() { ["name"] = name, ["value"] = value };
}

using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What a harness process says about itself at <see cref="Path"/>: its process id and which dataplane or workload
/// component it stands in for. The resource snapshot samples each process's CPU and memory from <c>/proc/&lt;pid&gt;</c>
/// by this id (the processes run on the same machine as the probes), so the sampling costs the process nothing.
/// </summary>
/// <param name="Pid">The operating-system process id.</param>
/// <param name="Component">The mesh component it stands in for: one of <see cref="ProcessComponents"/>.</param>
/// <param name="Name">Which one: "namespace/pod" for a sidecar, else the resource name.</param>
public sealed record ProcessIdentity(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("component")] string Component,
    [property: JsonPropertyName("name")] string Name)
{
    /// <summary>Where every process serves it; "__" keeps it off the paths a chart's routes use.</summary>
    public const string Path = "/__process";

    /// <summary>The configuration key a process's component is read from when its code does not say.</summary>
    public const string ComponentKey = "AmbientVerify:Component";

    /// <summary>This process as <paramref name="component"/>, named after the resource Aspire started it as (OTEL_SERVICE_NAME) when given.</summary>
    public static ProcessIdentity Current(string component, IConfiguration configuration, string fallbackName) =>
        new(Environment.ProcessId, component, configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : fallbackName);
}

/// <summary>The <see cref="ProcessIdentity.Component"/> values, spelled once for the processes and the snapshot's client.</summary>
public static class ProcessComponents
{
    public const string Gateway = "gateway";
    public const string Ztunnel = "ztunnel";
    public const string Sidecar = "sidecar";

    /// <summary>The FaultTarget, one process standing in for every workload.</summary>
    public const string Workloads = "workloads";
}

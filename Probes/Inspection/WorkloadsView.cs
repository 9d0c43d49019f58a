using System.Text.Json;

namespace AmbientVerify.Probes.Inspection;

/// <summary>
/// Reads the JSON of a dataplane admin's GET /workloads: an array of {namespace, podName, address, node, waypoint,
/// protocol}, the columns of <c>istioctl ztunnel-config workloads</c>. Names are matched case-insensitively. A row
/// names its pod; its address may be empty (a pod no Service fronts, or outside the mesh): that pod then has no
/// address to check, and every other row still counts.
/// </summary>
public static class WorkloadsView
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    /// <exception cref="FormatException">Not a JSON array of workload rows, or a row that names no pod (namespace, podName).</exception>
    public static IReadOnlyList<DataplaneWorkloadEntry> Parse(string json)
    {
        Row[]? rows;
        try
        {
            rows = JsonSerializer.Deserialize<Row[]>(json, Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"workloads view is not a JSON array of rows: {e.Message}", e);
        }

        if (rows is null)
        {
            throw new FormatException("workloads view is null, expected a JSON array");
        }

        return rows.Select((row, i) => string.IsNullOrEmpty(row.Namespace) || string.IsNullOrEmpty(row.PodName)
                ? throw new FormatException($"workloads row {i} lacks namespace or podName")
                : new DataplaneWorkloadEntry(row.Namespace, row.PodName, row.Address ?? "", row.Node ?? "", row.Waypoint ?? "None", row.Protocol ?? "TCP"))
            .ToList();
    }

    private sealed record Row(string? Namespace, string? PodName, string? Address, string? Node, string? Waypoint, string? Protocol);
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace AmbientVerify.TestSupport.Grafana;

/// <summary>
/// A Grafana dashboard JSON file (the dashboard JSON model, https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/)
/// read as far as the tests need: its uid and title, its template variables (<c>templating.list</c>) and every panel,
/// those nested in a collapsed row included. Grafana itself is not installable here (no Debian 12 package), so the
/// structure tests and the query evaluation read the files through this.
/// </summary>
public sealed record GrafanaDashboard(string File, string Uid, string Title, IReadOnlyList<DashboardVariable> Variables,
    IReadOnlyList<DashboardPanel> Rows, IReadOnlyList<DashboardPanel> Panels)
{
    /// <summary>deploy/grafana/dashboards, where the provisioning file points Grafana.</summary>
    public static string Directory { get; } = Path.Combine(Repository.Root, "deploy", "grafana", "dashboards");

    /// <summary>Every dashboard file of <see cref="Directory"/>, by file name.</summary>
    public static IReadOnlyList<GrafanaDashboard> LoadAll() =>
        [.. System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal).Select(Load)];

    public static GrafanaDashboard Load(string path) => Parse(System.IO.File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>The one dashboard of <see cref="Directory"/> with <paramref name="uid"/>.</summary>
    public static GrafanaDashboard WithUid(string uid) => LoadAll().Single(d => d.Uid == uid);

    /// <param name="file">The name messages give for it.</param>
    /// <exception cref="JsonException">Not JSON, or not a dashboard (no uid, title or panels).</exception>
    public static GrafanaDashboard Parse(string json, string file)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException($"{file}: not a JSON object");
        var uid = root["uid"]?.GetValue<string>() ?? throw new JsonException($"{file}: no uid");
        var title = root["title"]?.GetValue<string>() ?? throw new JsonException($"{file}: no title");
        var top = root["panels"]?.AsArray() ?? throw new JsonException($"{file}: no panels");
        var variables = (root["templating"]?["list"]?.AsArray() ?? []).Select(v => DashboardVariable.From(v!.AsObject())).ToList();
        var all = top.Select(p => p!.AsObject())
            .SelectMany(p => new[] { p }.Concat((p["panels"]?.AsArray() ?? []).Select(n => n!.AsObject())))
            .Select(DashboardPanel.From)
            .ToList();
        return new GrafanaDashboard(file, uid, title, variables, [.. all.Where(p => p.IsRow)], [.. all.Where(p => !p.IsRow)]);
    }

    public DashboardVariable? Variable(string name) => Variables.SingleOrDefault(v => v.Name == name);

    public DashboardPanel Panel(string title) => Panels.Single(p => p.Title == title);

    public override string ToString() => $"{File} ({Title})";
}

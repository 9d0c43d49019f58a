namespace AmbientVerify.Manifests.Routing;

/// <summary>
/// Readable, unique route names for reports and metric labels: the object's name, then "#rule", "#rule.match", and
/// the kind and namespace, each added only where names would otherwise collide. One route (one <see cref="RouteId"/>)
/// keeps one name in every virtual host it is in.
/// </summary>
internal static class RouteNames
{
    public static IReadOnlyList<GatewayRoute> MakeUnique(IReadOnlyList<GatewayRoute> routes)
    {
        var ids = routes.Select(r => r.Id).Distinct().ToList();
        var names = ids.Select(id => id.Name).ToArray();
        Disambiguate(names, i => $"{ids[i].Name}#{ids[i].Rule}");
        Disambiguate(names, i => $"{ids[i].Name}#{ids[i].Rule}.{ids[i].Match}");
        Disambiguate(names, i => $"{ids[i].Kind}/{ids[i].Namespace}/{ids[i].Name}#{ids[i].Rule}.{ids[i].Match}");
        var byId = ids.Select((id, i) => (id, name: names[i])).ToDictionary(x => x.id, x => x.name);
        return routes.Select(route => route with { Name = byId[route.Id] }).ToList();
    }

    private static void Disambiguate(string[] names, Func<int, string> longerName)
    {
        var clashing = names.Select((name, index) => (name, index))
            .GroupBy(n => n.name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .SelectMany(g => g.Select(n => n.index))
            .ToList();
        foreach (var index in clashing)
        {
            names[index] = longerName(index);
        }
    }
}

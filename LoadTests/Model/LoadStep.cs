using AmbientVerify.Probes.Running;

namespace AmbientVerify.LoadTests.Model;

/// <summary>
/// One kind of request a scenario sends, and how often relative to the scenario's other steps: a value like
/// <see cref="ProbeRequest"/> (method, host, path and query, headers), so a step reaches exactly the route it was built from.
/// </summary>
/// <param name="Name">How reports name the step (the route's label).</param>
/// <param name="PathAndQuery">"/api/products?x=1", sent under the gateway URL's path.</param>
/// <param name="Weight">Share of the scenario's requests: a step of weight 40 beside one of 10 gets 4 of every 5.</param>
public sealed record LoadStep(
    string Name,
    string Method,
    string Host,
    string PathAndQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    int Weight)
{
    /// <summary>The step that sends <paramref name="request"/> (a route's own probe request, without fault instructions).</summary>
    public static LoadStep From(string name, ProbeRequest request, int weight) =>
        new(name, request.Method, request.Host, request.PathAndQuery(), request.Headers, weight);
}

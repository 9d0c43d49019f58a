using System.Text.Json.Nodes;
using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Running;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>
/// Everything one run will create in <paramref name="Namespace"/>, in the order it is created (Services, the
/// FaultTarget Deployment, the twin routes), and what the matrix will probe through it.
/// </summary>
/// <param name="Objects">The objects as the API server will get them (the secret in them: never print these, use <see cref="TwinRoutes.Render"/>).</param>
/// <param name="NotTwinned">Routes no twin could be made for, each with the reason; also filters left out of a twin.</param>
public sealed record TwinPlan(TwinRun Run, string Namespace, IReadOnlyList<TwinRoute> Twins, IReadOnlyList<JsonObject> Objects, IReadOnlyList<string> NotTwinned)
{
    /// <summary>The targets the matrix runs: the original route (its name, policy and backends) with the twin's request.</summary>
    public IReadOnlyList<ProbeTarget> Targets => Twins.Select(t => t.Target).ToList();

    /// <summary>The options the plan was made with (deadlines of apply, convergence and clean-up).</summary>
    public required TwinOptions Options { get; init; }

    /// <summary>The original Services the FaultTarget stands in for, with their listener and twin Service.</summary>
    public IReadOnlyList<StandIn> StandIns { get; init; } = [];

    public override string ToString() => $"{Run}: {Twins.Count} twin route(s) in {Namespace}, {NotTwinned.Count} note(s)";
}

/// <summary>One twin: the original route, the twin object's name and kind, and the target the matrix runs.</summary>
/// <param name="Target">The original route with the request the twin takes (the secret header in it).</param>
public sealed record TwinRoute(GatewayRoute Original, string Name, ProbeTarget Target)
{
    /// <summary>The original Services ("namespace/name") whose FaultTarget listener may answer the twin (<c>x-fault-service</c> carries the name).</summary>
    public required IReadOnlyList<string> AnswersAs { get; init; }

    public override string ToString() => $"{Name} (twin of {Original.Name})";
}

/// <summary>What a sweep of leftovers did: objects of killed runs deleted, objects of live runs left alone.</summary>
public sealed record SweepReport(IReadOnlyList<string> Deleted, IReadOnlyList<string> LeftAlone)
{
    public override string ToString() =>
        $"swept {Deleted.Count} leftover object(s){(Deleted.Count > 0 ? ": " + string.Join(", ", Deleted) : "")}"
        + (LeftAlone.Count > 0 ? $"; left {LeftAlone.Count} of other runs: {string.Join("; ", LeftAlone)}" : "");
}

/// <summary>Per twin, when the gateway began to serve it, or that it never did within the deadline.</summary>
public sealed record ConvergenceReport(IReadOnlyList<TwinConvergence> Twins)
{
    public bool Converged => Twins.All(t => t.After is not null);

    /// <summary>The twins that never converged, each with what the last request got.</summary>
    public IReadOnlyList<TwinConvergence> Never => Twins.Where(t => t.After is null).ToList();

    public override string ToString() => string.Join("; ", Twins);
}

/// <param name="After">Time from the first request to the first right answer; null when none came.</param>
/// <param name="LastAnswer">What the last request got (status and x-fault-service, or the error).</param>
public sealed record TwinConvergence(string Twin, string Route, TimeSpan? After, int Requests, string LastAnswer)
{
    public override string ToString() => After is { } after
        ? $"{Twin} (route {Route}) converged after {after.TotalSeconds:0.0}s ({Requests} request(s))"
        : $"{Twin} (route {Route}) never converged: {Requests} request(s), the last got {LastAnswer}";
}

/// <summary>What the clean-up deleted, what was already gone, and what it could not delete (with why).</summary>
public sealed record CleanupReport(IReadOnlyList<string> Deleted, IReadOnlyList<string> Failed)
{
    public bool Complete => Failed.Count == 0;

    public override string ToString() =>
        $"cleaned up {Deleted.Count} object(s){(Failed.Count > 0 ? $"; could not delete: {string.Join("; ", Failed)}" : "")}";
}

/// <summary>The twin lifecycle could not go on (the message says what, why and what to do; never the secret).</summary>
public sealed class TwinException(string message, Exception? inner = null) : Exception(message, inner);

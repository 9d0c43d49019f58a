namespace AmbientVerify.FaultTarget.Faults;

/// <summary>Which paths the fault protocol leaves alone, and how a tries read is recognised.</summary>
public static class FaultPaths
{
    public const string TriesSegment = "__faults";
    public const string TriesSubSegment = "tries";

    /// <summary>Route pattern for <c>{any-prefix}/__faults/tries/{uuid}</c>: the prefix lets probes read the
    /// tries through a gateway route (e.g. <c>/api/customers/__faults/tries/abc</c>).</summary>
    public const string TriesRoutePattern = "/{**path:regex(^__faults/tries/[^/]+$|/__faults/tries/[^/]+$)}";

    /// <summary>
    /// True for tries reads, and for the health/metrics endpoints asked without a fault instruction: those are never
    /// counted as tries. With an instruction (<c>/health?uuid=…</c>) the request is a probe of a chart's route on that
    /// path, which the stand-in answers like any other as the app it stands in for.
    /// </summary>
    public static bool IsExempt(PathString path, IQueryCollection query) =>
        TryGetTriesUuid(path, out _)
        || (IsOwnEndpoint(path) && !FaultInstructionParser.Carries(query));

    /// <summary>The process's own endpoints: /health, /alive, /metrics, /__process.</summary>
    public static bool IsOwnEndpoint(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || path.StartsWithSegments("/metrics")
        || path.StartsWithSegments(Microsoft.Extensions.Hosting.ProcessIdentity.Path);

    public static bool TryGetTriesUuid(PathString path, out string uuid)
    {
        uuid = "";
        var segments = (path.Value ?? "").Split('/');
        if (segments.Length < 4 || segments[^3] != TriesSegment || segments[^2] != TriesSubSegment || segments[^1].Length == 0)
        {
            return false;
        }
        uuid = segments[^1];
        return true;
    }
}

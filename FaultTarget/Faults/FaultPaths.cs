namespace AmbientVerify.FaultTarget.Faults;

/// <summary>Which paths the fault protocol leaves alone, and how a tries read is recognised.</summary>
public static class FaultPaths
{
    public const string TriesSegment = "__faults";
    public const string TriesSubSegment = "tries";

    /// <summary>Route pattern for <c>{any-prefix}/__faults/tries/{uuid}</c>: the prefix lets probes read the
    /// tries through a gateway route (e.g. <c>/api/customers/__faults/tries/abc</c>).</summary>
    public const string TriesRoutePattern = "/{**path:regex(^__faults/tries/[^/]+$|/__faults/tries/[^/]+$)}";

    /// <summary>True for tries reads and the health/metrics endpoints: they are never counted as tries.</summary>
    public static bool IsExempt(PathString path) =>
        TryGetTriesUuid(path, out _)
        || path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || path.StartsWithSegments("/metrics");

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

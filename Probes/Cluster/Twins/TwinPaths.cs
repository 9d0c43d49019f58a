namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>
/// The twin's path: <c>/__ambientverify/&lt;service&gt;</c> in front of the original path, with the original match type,
/// so the twin takes only the harness's requests and the original's path structure (and a rewrite of it) still applies.
/// </summary>
internal static class TwinPaths
{
    public static string Prefix(string service) => $"{TwinLabels.PathPrefix}/{service}";

    /// <summary>Exact and prefix: "/api/x" → "/__ambientverify/&lt;service&gt;/api/x"; "/" → "/__ambientverify/&lt;service&gt;" (no trailing slash, so a prefix rewrite of "/" keeps working).</summary>
    public static string Literal(string service, string original) =>
        original is "" or "/" ? Prefix(service) : Prefix(service) + (original.StartsWith('/') ? original : "/" + original);

    /// <summary>
    /// A regular expression: the prefix in front of the body, after a leading "^" (Envoy's safe_regex matches the whole
    /// path, so the anchor is optional; the prefix has no regex metacharacters to escape).
    /// </summary>
    public static string Regex(string service, string original) =>
        original.StartsWith('^') ? "^" + Prefix(service) + original[1..] : Prefix(service) + original;
}

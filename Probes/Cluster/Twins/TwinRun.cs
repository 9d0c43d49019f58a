using System.Security.Cryptography;

namespace AmbientVerify.Probes.Cluster.Twins;

/// <summary>
/// One run's identity in the cluster: a short DNS-safe id that names and labels its objects, and the secret its twin
/// routes require in <see cref="TwinLabels.RunHeader"/>. The secret is never printed: <see cref="ToString"/> leaves it
/// out and the dry-run shows <see cref="RedactedSecret"/>.
/// </summary>
/// <param name="Expires">After this instant a sweep of a later run may delete the objects (the run was killed).</param>
public sealed record TwinRun(string RunId, string Secret, DateTimeOffset Created, DateTimeOffset Expires)
{
    /// <summary>What rendered output shows in place of the secret.</summary>
    public const string RedactedSecret = "<secret>";

    /// <summary>The longest run id: "av-" + id + "-" + a Service name must stay a 63-character name.</summary>
    public const int MaxIdLength = 8;

    /// <summary>1 to <see cref="MaxIdLength"/> lowercase letters and digits.</summary>
    public static bool IsValidId(string id) => id.Length is > 0 and <= MaxIdLength && id.All(c => IdAlphabet.Contains(c));

    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new run: 8 random lowercase letters and digits (DNS-1035 once prefixed with "av-"), 32 random hex chars of secret.</summary>
    /// <param name="runId">A given id (<see cref="TwinOptions.RunId"/>); null: a random one.</param>
    public static TwinRun New(TimeProvider time, TimeSpan maxRunTime, string? runId = null)
    {
        var created = time.GetUtcNow();
        var id = runId ?? RandomNumberGenerator.GetString(IdAlphabet, MaxIdLength);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return new TwinRun(id, secret, created, created + maxRunTime);
    }

    /// <summary>The expiry as the annotation holds it (RFC 3339, UTC, seconds).</summary>
    public string ExpiresText => Expires.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"run {RunId} (created {Created:u}, expires {ExpiresText}, secret {RedactedSecret})";
}

using AmbientVerify.Manifests;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// <c>LocalMesh:WatchManifests</c> and <c>LocalMesh:WatchInterval</c>: whether the gateway re-reads its manifests
/// directory when it changes, and how often it looks (see <see cref="RouteTableWatcher"/>).
/// </summary>
public sealed record RouteTableWatchOptions(bool WatchManifests, TimeSpan WatchInterval)
{
    /// <summary>One second: Istio's gateway gets a pushed change about that fast.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    /// <summary>The settings; default: not watching, 1 s.</summary>
    /// <exception cref="ManifestException">WatchManifests or WatchInterval cannot be read, or watching without LocalMesh:Manifests.</exception>
    public static RouteTableWatchOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(LocalMeshOptions.SectionName);
        var watchText = section[nameof(WatchManifests)];
        var watch = false;
        if (!string.IsNullOrWhiteSpace(watchText) && !bool.TryParse(watchText, out watch))
        {
            throw new ManifestException(
                $"{LocalMeshOptions.SectionName}:{nameof(WatchManifests)}={watchText} is not true or false: set it to true to reload the routes when the manifests change.");
        }

        var intervalText = section[nameof(WatchInterval)];
        var interval = string.IsNullOrWhiteSpace(intervalText)
            ? DefaultInterval
            : Durations.Parse(intervalText, $"{LocalMeshOptions.SectionName}:{nameof(WatchInterval)}");
        if (interval <= TimeSpan.Zero)
        {
            throw new ManifestException(
                $"{LocalMeshOptions.SectionName}:{nameof(WatchInterval)}={intervalText} must be above zero (e.g. 1s, 250ms): it is how often the manifests directory is looked at.");
        }

        if (watch && string.IsNullOrWhiteSpace(section[nameof(LocalMeshOptions.Manifests)]))
        {
            throw new ManifestException(
                $"{LocalMeshOptions.SectionName}:{nameof(WatchManifests)}=true needs {LocalMeshOptions.SectionName}:Manifests: there is no directory to watch.");
        }

        return new RouteTableWatchOptions(watch, interval);
    }
}

using System.Text.RegularExpressions;

namespace AmbientVerify.Probes.Cluster.Reading;

/// <summary>The Istio version an image tag says: <c>docker.io/istio/pilot:1.26.2</c>, <c>…:1.26.2-distroless</c>, <c>gcr.io/istio-release/pilot:1.25.0-rc.1</c>.</summary>
public static partial class IstioImages
{
    /// <summary>"1.26.2", or null when the image has no version tag (none, a digest only, "latest", "master").</summary>
    public static string? VersionOf(string? image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return null;
        }

        var withoutDigest = image.Split('@')[0];
        var lastSlash = withoutDigest.LastIndexOf('/');
        var colon = withoutDigest.IndexOf(':', lastSlash + 1);
        if (colon < 0)
        {
            return null;
        }

        var match = VersionTag().Match(withoutDigest[(colon + 1)..]);
        return match.Success ? match.Groups["version"].Value : null;
    }

    [GeneratedRegex(@"^v?(?<version>\d+\.\d+(\.\d+)?)")]
    private static partial Regex VersionTag();
}

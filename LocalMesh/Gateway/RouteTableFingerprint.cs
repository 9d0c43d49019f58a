namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// What the watcher compares between two looks at the manifests directory: every file's relative name, size and
/// last-write time (recursive, as <c>ManifestReader.ReadDirectory</c> reads it). Polling, because FileSystemWatcher
/// misses changes on some filesystems (network and overlay mounts, bind mounts into containers, a ConfigMap's symlink
/// swap).
/// </summary>
public sealed record RouteTableFingerprint(string Text)
{
    /// <summary>The directory's fingerprint; a missing or unreadable directory has one of its own (so it counts as a change).</summary>
    public static RouteTableFingerprint Of(string directory)
    {
        try
        {
            if (!Directory.Exists(directory))
            {
                return new RouteTableFingerprint("(directory missing)");
            }

            var files = new DirectoryInfo(directory)
                .EnumerateFiles("*", SearchOption.AllDirectories)
                .Select(file => $"{Path.GetRelativePath(directory, file.FullName)}\t{file.Length}\t{file.LastWriteTimeUtc.Ticks}")
                .Order(StringComparer.Ordinal);
            return new RouteTableFingerprint(string.Join('\n', files));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return new RouteTableFingerprint($"(unreadable: {error.Message})");
        }
    }
}

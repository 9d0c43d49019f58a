namespace AmbientVerify.Probes.Tests.TestSupport;

/// <summary>The repository's rendered sample manifests (samples/ecommerce/*).</summary>
internal static class Samples
{
    public static string Directory(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AmbientVerify.sln")))
            {
                return Path.Combine(dir.FullName, "samples", "ecommerce", name);
            }
        }

        throw new InvalidOperationException("AmbientVerify.sln not found above " + AppContext.BaseDirectory);
    }
}

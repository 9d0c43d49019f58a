namespace AmbientVerify.LoadTests.Cli;

/// <summary>Where the default manifests are: samples/ecommerce/ambient of the repository the binary was built in, as the AppHost finds them.</summary>
public static class RepositoryPaths
{
    public static string DefaultManifests()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AmbientVerify.sln")))
            {
                return Path.Combine(directory.FullName, "samples", "ecommerce", "ambient");
            }
        }

        // A published binary outside the repository: the samples relative to where the command runs.
        return Path.GetFullPath(Path.Combine("samples", "ecommerce", "ambient"));
    }
}

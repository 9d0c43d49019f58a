namespace AmbientVerify.TestSupport;

/// <summary>The repository the tests run from: its root (where AmbientVerify.sln is) and its samples.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>samples/ecommerce/<paramref name="name"/> (sidecar, sidecar-unbound, ambient-as-planned, ambient).</summary>
    public static string Sample(string name) => Path.Combine(Root, "samples", "ecommerce", name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AmbientVerify.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"AmbientVerify.sln not found above {AppContext.BaseDirectory}");
    }
}

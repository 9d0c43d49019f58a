namespace AmbientVerify.Manifests.Tests;

/// <summary>Finds the repository's samples from the test binaries (walks up to the folder holding AmbientVerify.sln).</summary>
internal static class Samples
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Sidecar => Path.Combine(RepositoryRoot, "samples", "ecommerce", "sidecar");

    public static string AmbientAsPlanned => Path.Combine(RepositoryRoot, "samples", "ecommerce", "ambient-as-planned");

    public static string Ambient => Path.Combine(RepositoryRoot, "samples", "ecommerce", "ambient");

    public static readonly string[] ServiceNames =
        ["customer-service", "order-service", "payment-service", "product-service", "saga-tracker", "store-service"];

    private static string FindRepositoryRoot()
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

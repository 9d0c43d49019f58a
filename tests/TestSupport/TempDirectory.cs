namespace AmbientVerify.TestSupport;

/// <summary>A scratch directory for tests that need files on disk; deleted when the test ends.</summary>
public sealed class TempDirectory(string prefix = "ambientverify-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Write(string relativePath, string text)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

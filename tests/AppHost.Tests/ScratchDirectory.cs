namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// Temporary directories for sample copies and gate outputs, removed when the test process ends: a test can still
/// read the reports after its run, and a suite run leaves nothing behind in /tmp.
/// </summary>
public static class ScratchDirectory
{
    private static readonly List<string> Created = [];

    static ScratchDirectory()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveAll();
    }

    /// <summary>A fresh, not yet existing path named <paramref name="prefix"/>-&lt;guid&gt; in the temp directory.</summary>
    public static string NewPath(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        lock (Created)
        {
            Created.Add(path);
        }

        return path;
    }

    private static void RemoveAll()
    {
        lock (Created)
        {
            foreach (var path in Created.Where(Directory.Exists))
            {
                try
                {
                    Directory.Delete(path, recursive: true);
                }
                catch (IOException)
                {
                    // Best effort at exit: a directory still in use stays, the run's verdicts are unaffected.
                }
            }
        }
    }
}

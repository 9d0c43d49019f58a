namespace AmbientVerify.TestSupport.Prometheus;

/// <summary>Where a program from a Debian package is, or an error saying which package to install.</summary>
public static class DebianBinary
{
    /// <summary>Where Debian installs packaged programs, looked in before PATH.</summary>
    public const string Directory = "/usr/bin";

    /// <param name="searched">Directories to look in; default /usr/bin, then PATH.</param>
    /// <exception cref="InvalidOperationException">Not found: "install the Debian package P (.ci/run does)".</exception>
    public static string Require(string binary, string package, IEnumerable<string>? searched = null)
    {
        var directories = (searched ?? new[] { Directory }.Concat(
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))).ToList();
        return directories.Select(d => Path.Combine(d, binary)).FirstOrDefault(File.Exists)
               ?? throw new InvalidOperationException(
                   $"{binary} is not installed (looked in {string.Join(", ", directories)}): install the Debian package {package} (.ci/run does)");
    }
}

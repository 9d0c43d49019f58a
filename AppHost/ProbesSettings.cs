using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace AmbientVerify.AppHost;

/// <summary>
/// The Probes settings given to the AppHost (<c>--Probes:KEY=VALUE</c>, which reach the probes as environment
/// <c>Probes__KEY</c>, and the <c>--expectations</c> file), and their check by the probes' own code before anything starts.
/// </summary>
/// <remarks>
/// Why a process and not a call: Probes is an Aspire project resource of this app host, and Aspire's SDK references such
/// projects for their metadata only (<c>ReferenceOutputAssembly=false</c>). Referencing its assembly too would bring a web
/// app's content into the app host's output (its <c>appsettings.json</c> would overwrite ours) and its OpenTelemetry and
/// command-line packages into the host. So the AppHost runs the built Probes once with the <c>check</c> verb and the
/// very environment the probes will get: the same code refuses the same values in the same words, and no copy of the
/// rules exists that could drift. It costs one short process start, only when Probes settings are given.
/// </remarks>
public static class ProbesSettings
{
    public const string Section = "Probes";

    /// <summary>A check that has not answered by then is stuck (it starts, reads its environment and exits).</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The environment the probes get for the settings in <paramref name="configuration"/>'s Probes section.</summary>
    public static IReadOnlyList<(string Name, string Value)> Environment(IConfiguration configuration) =>
        [.. configuration.GetSection(Section).GetChildren().Where(s => s.Value is not null).Select(s => ($"{Section}__{s.Key}", s.Value!))];

    /// <summary>
    /// What the AppHost hands the probes on their command line that they must read before they can start: the
    /// expectations file (its YAML and values are checked with the probes' own reader; which routes its entries match
    /// is known only once the probes resolve the manifests).
    /// </summary>
    public static IReadOnlyList<string> CheckedArguments(AppHostOptions options) =>
        options.Expectations is { } file ? ["--expectations", file] : [];

    /// <summary>
    /// Null when the probes accept <paramref name="environment"/> and <paramref name="arguments"/> (or both are empty:
    /// nothing to check), else their words ("check: max-rps must be above 0 and at most 100 (got 100000): …"), one
    /// line per problem.
    /// </summary>
    public static async Task<string?> RefusalAsync(IReadOnlyList<(string Name, string Value)> environment, IReadOnlyList<string>? arguments = null)
    {
        arguments ??= [];
        if (environment.Count == 0 && arguments.Count == 0)
        {
            return null;
        }

        var (command, launcherArguments, directory) = BuiltProject.Launcher(new Projects.Probes());
        var start = new ProcessStartInfo(command, [.. launcherArguments, "check", .. arguments])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CheckTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return $"the probes did not check their settings within {CheckTimeout.TotalSeconds:0} s";
        }

        var words = ((await stderr) + (await stdout)).Trim();
        return process.ExitCode == 0 ? null : words.Length > 0 ? words : $"the probes refused their settings (exit code {process.ExitCode})";
    }
}

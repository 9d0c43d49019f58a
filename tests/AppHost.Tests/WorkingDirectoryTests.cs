using AmbientVerify.TestSupport;
using System.Diagnostics;

namespace AmbientVerify.AppHost.Tests;

/// <summary>
/// `dotnet run --project AppHost -- --manifests ./rendered` reads the path from where the command was typed (as the
/// README's commands promise), not from the AppHost's project directory where `dotnet run` would start the app.
/// </summary>
public sealed class WorkingDirectoryTests
{
    [Fact]
    public async Task A_relative_manifests_path_is_read_from_where_dotnet_run_was_typed()
    {
        var typedIn = ScratchDirectory.NewPath("ambientverify-cwd");
        Directory.CreateDirectory(typedIn);
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var start = new ProcessStartInfo("dotnet",
            ["run", "--project", Path.Combine(Repository.Root, "AppHost"), "--no-build", "-c", configuration,
             "--", "--gate", "--manifests", "rendered"])
        {
            WorkingDirectory = typedIn,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(GateExitCodes.CouldNotRun, process.ExitCode);
        Assert.Contains($"{Path.Combine(typedIn, "rendered")}: directory not found", await stderr);
    }
}

using System.Reflection;

namespace AmbientVerify.AppHost;

/// <summary>
/// Starts one of this solution's projects from its build output, as an executable resource, with a direct
/// (unproxied) HTTP endpoint on a free port.
/// </summary>
/// <remarks>
/// Why not <c>AddProject</c>: Aspire launches a project resource through <c>dotnet run --no-build</c>, and every
/// such process evaluates the project with MSBuild before the app starts. The sidecar sample starts over twenty processes;
/// with 14 of them, the evaluations at once already took about 15 s of a 2-core machine's start-up. The build output is
/// the same one <c>dotnet run</c> would have started: <c>dotnet run --project AppHost</c> (and <c>dotnet build</c>)
/// build the referenced projects with the app host's configuration.
/// </remarks>
public static class BuiltProject
{
    /// <summary>The runtime's quiet spell before it counts calls for tier-1 recompilation (see <see cref="AddBuiltExecutable{TProject}"/>).</summary>
    public const string TieringDelayVariable = "DOTNET_TC_CallCountingDelayMs";

    /// <summary>Two seconds instead of the runtime's 100 ms.</summary>
    public const string TieringDelayMilliseconds = "2000";

    /// <summary>
    /// <c>bin/&lt;Configuration&gt;/&lt;TargetFramework&gt;</c> of this app host's build (written into the assembly by
    /// AppHost.csproj); the projects it starts are built with the same configuration and framework.
    /// </summary>
    public static string OutputSubdirectory { get; } =
        typeof(BuiltProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectOutputSubdirectory").Value!;

    /// <summary>
    /// The AppHost project's directory, as Aspire writes it into the assembly (what <c>builder.AppHostDirectory</c> is), for
    /// code that runs before a builder exists.
    /// </summary>
    public static string AppHostDirectory { get; } =
        typeof(BuiltProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "apphostprojectpath").Value!;

    /// <summary>Fails before anything starts when one of the projects has no build output.</summary>
    /// <exception cref="ArgumentException">A project has not been built; the message says which and what to run.</exception>
    public static void RequireBuilt(params IProjectMetadata[] projects)
    {
        foreach (var project in projects)
        {
            var (_, assemblyName, _, assembly) = Locate(project);
            if (!File.Exists(assembly))
            {
                throw new ArgumentException(
                    $"{assemblyName} is not built ({assembly} is missing): run `dotnet build` in the repository first.");
            }
        }
    }

    /// <summary>Adds the project's built app as resource <paramref name="name"/>, listening on a free loopback port (endpoint <c>http</c>).</summary>
    public static IResourceBuilder<ExecutableResource> AddBuiltProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var resource = builder.AddBuiltExecutable<TProject>(name);
        return resource
            .WithFreeHttpEndpoint("http")
            .WithEnvironment("ASPNETCORE_URLS", resource.GetEndpoint("http"));
    }

    /// <summary>Adds the project's built app as resource <paramref name="name"/>, without endpoints: the caller says where it listens.</summary>
    public static IResourceBuilder<ExecutableResource> AddBuiltExecutable<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var (command, arguments, projectDirectory) = Launcher(new TProject());
        var resource = builder.AddExecutable(name, command, projectDirectory, [.. arguments]);

        return resource
            // Plain console lines, as Aspire does for project resources. (Telemetry goes to the dashboard only when
            // there is one: see Program.cs.)
            .WithEnvironment("LOGGING__CONSOLE__FORMATTERNAME", "simple")
            .WithEnvironment("DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION", "true")
            // The runtime starts counting calls for tier-1 recompilation once no method has been compiled for 100 ms.
            // Every process of a run starts at once on a few cores, so each start-up stalls for longer than that again
            // and again, and each process recompiles, optimised, code it runs only while starting. Waiting for a
            // longer quiet spell leaves start-up code alone; the code a process keeps running is still optimised once
            // it has started. (An environment setting only: the runtime reads no runtimeconfig knob for it.)
            .WithEnvironment(TieringDelayVariable, TieringDelayMilliseconds);
    }

    /// <summary>An HTTP endpoint <paramref name="endpointName"/> on a free loopback port, which the process binds itself.</summary>
    public static IResourceBuilder<ExecutableResource> WithFreeHttpEndpoint(this IResourceBuilder<ExecutableResource> resource, string endpointName) =>
        // Not behind Aspire's TCP proxy: a reset must reach its peer as the process made it, and the probes time
        // the gateway itself, nothing in between.
        resource.WithHttpEndpoint(port: FreePort.Next(), name: endpointName, isProxied: false);

    /// <summary>Starts <paramref name="resource"/> once every one of <paramref name="dependencies"/> has started.</summary>
    public static IResourceBuilder<ExecutableResource> WaitForStartOfAll(
        this IResourceBuilder<ExecutableResource> resource, IEnumerable<IResourceBuilder<ExecutableResource>> dependencies)
    {
        foreach (var dependency in dependencies)
        {
            resource.WaitForStart(dependency);
        }

        return resource;
    }

    /// <summary>
    /// How to start the project's build output: the native launcher when the SDK made one (it is what `dotnet run`
    /// starts), else the muxer with the dll; and its project directory, to start it in.
    /// </summary>
    public static (string Command, IReadOnlyList<string> Arguments, string ProjectDirectory) Launcher(IProjectMetadata project)
    {
        var (projectDirectory, assemblyName, outputDirectory, assembly) = Locate(project);
        var launcher = Path.Combine(outputDirectory, OperatingSystem.IsWindows() ? assemblyName + ".exe" : assemblyName);
        return File.Exists(launcher) ? (launcher, [], projectDirectory) : ("dotnet", [assembly], projectDirectory);
    }

    private static (string ProjectDirectory, string AssemblyName, string OutputDirectory, string Assembly) Locate(IProjectMetadata project)
    {
        var projectDirectory = Path.GetDirectoryName(project.ProjectPath)!;
        var assemblyName = Path.GetFileNameWithoutExtension(project.ProjectPath);
        var outputDirectory = Path.Combine(projectDirectory, OutputSubdirectory);
        return (projectDirectory, assemblyName, outputDirectory, Path.Combine(outputDirectory, assemblyName + ".dll"));
    }
}

using Aspire.Hosting;

namespace AmbientVerify.AppHost.Tests;

public sealed class BuiltProjectTests
{
    private sealed class NeverBuilt : IProjectMetadata
    {
        public string ProjectPath => Path.Combine(Path.GetTempPath(), "ambientverify-never-built", "Missing.csproj");
    }

    [Fact]
    public void A_project_without_build_output_stops_the_run_saying_what_to_run()
    {
        var error = Assert.Throws<ArgumentException>(() => BuiltProject.RequireBuilt(new Projects.FaultTarget(), new NeverBuilt()));

        Assert.Contains("Missing is not built", error.Message);
        Assert.Contains("dotnet build", error.Message);
    }

    [Fact]
    public void The_solutions_projects_are_found_in_the_app_hosts_build_configuration()
    {
        BuiltProject.RequireBuilt(new Projects.FaultTarget(), new Projects.LocalMesh(), new Projects.Probes());

        Assert.Matches(@"^bin/(Debug|Release)/net\d+\.\d+$", BuiltProject.OutputSubdirectory);
    }
}

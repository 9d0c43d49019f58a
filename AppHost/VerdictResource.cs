namespace AmbientVerify.AppHost;

/// <summary>
/// The dashboard row under <c>probes</c> whose state is the last run's verdict ("117 pass · 18 gap · 0 fail · 0 error",
/// red on a fail). A resource of its own because the AppHost owns its state wholly: on the probes' own row DCP writes
/// the process state ("Running") over any custom State at each change it watches
/// (dotnet/aspire src/Aspire.Hosting/Dcp/ResourceSnapshotBuilder.cs, <c>ToSnapshot(Executable, …)</c>), and a health
/// report's description shows only in the details pane, never red (src/Aspire.Dashboard/Model/ResourceStateViewModel.cs).
/// </summary>
public sealed class VerdictResource(string name) : Resource(name)
{
    /// <summary>The dashboard's "Type" column.</summary>
    public const string ResourceType = "Verdict";
}

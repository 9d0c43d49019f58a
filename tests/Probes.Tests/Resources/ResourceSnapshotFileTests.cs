using AmbientVerify.Probes.Resources;
using AmbientVerify.TestSupport;

namespace AmbientVerify.Probes.Tests.Resources;

/// <summary>snapshot-&lt;mode&gt;.json round-trips, and another kind or a newer schema version is refused in words.</summary>
public sealed class ResourceSnapshotFileTests
{
    [Fact]
    public void A_snapshot_with_usage_and_load_round_trips()
    {
        using var directory = new TempDirectory();
        var snapshot = Snapshots.WithUsage(Snapshots.Sidecar(), ComponentKinds.Sidecar, Snapshots.Usage(0.01, 40 * Snapshots.Mi, "gone")) with
        {
            Load = [Snapshots.Load("browse", 100, 0.02)],
        };

        var path = ResourceSnapshotFile.Write(snapshot, directory.Path);
        var read = ResourceSnapshotFile.Read(path);

        Assert.Equal(Path.Combine(directory.Path, "snapshot-sidecar.json"), path);
        Assert.Equal(ResourceSnapshotFile.ToJson(snapshot), ResourceSnapshotFile.ToJson(read));
        Assert.Equal(snapshot.Components, read.Components);
        Assert.Equal(snapshot.Load, read.Load);
    }

    [Fact]
    public void The_file_states_its_kind_schema_version_and_mode()
    {
        var json = ResourceSnapshotFile.ToJson(Snapshots.Ambient());

        Assert.Contains("\"kind\": \"ambientverify-resource-snapshot\"", json);
        Assert.Contains("\"schemaVersion\": 1", json);
        Assert.Contains("\"mode\": \"ambient\"", json);
        Assert.Contains("\"kind\": \"istio-cni\"", json);
    }

    [Theory]
    [InlineData("""{"kind": "ambientverify-report", "schemaVersion": 1}""", "kind is 'ambientverify-report', expected 'ambientverify-resource-snapshot'")]
    [InlineData("""{"schemaVersion": 1}""", "kind is missing, expected 'ambientverify-resource-snapshot'")]
    [InlineData("""{"kind": "ambientverify-resource-snapshot", "schemaVersion": 2}""", "schemaVersion 2 is newer than this build reads (1); use a newer AmbientVerify")]
    [InlineData("""{"kind": "ambientverify-resource-snapshot"}""", "schemaVersion is missing or not a positive whole number (expected 1)")]
    [InlineData("""{"kind": "ambientverify-resource-snapshot", "schemaVersion": 1, "mode": "sidecar"}""", "not a valid ambientverify-resource-snapshot v1")]
    [InlineData("""{"kind": "ambientverify-resource-snapshot", "schemaVersion": 1, "mode": "hybrid", "takenAt": "2026-12-02T04:00:00Z", "source": "", "manifests": "", "nodeCount": 3, "assumptions": [], "components": []}""", "not a valid ambientverify-resource-snapshot v1")]
    [InlineData("not json", "not JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    public void A_file_that_is_not_a_readable_snapshot_is_refused_naming_it(string json, string words)
    {
        var error = Assert.Throws<ResourceFileException>(() => ResourceSnapshotFile.Parse(json, "before.json"));

        Assert.StartsWith("before.json: ", error.Message);
        Assert.Contains(words, error.Message);
    }

    [Fact]
    public void A_missing_file_is_refused_with_how_to_write_one()
    {
        var error = Assert.Throws<ResourceFileException>(() => ResourceSnapshotFile.Read("/nonexistent/snapshot.json"));

        Assert.Contains("no such snapshot file (write one with: Probes snapshot", error.Message);
    }

    [Fact]
    public void The_comparison_file_round_trips_and_refuses_a_snapshot()
    {
        var comparison = ResourceComparison.Compare(Snapshots.Sidecar(), Snapshots.Ambient());
        var json = ComparisonFiles.ToJson(comparison);

        Assert.Equal(json, ComparisonFiles.ToJson(ComparisonFiles.Parse(json, "compare.json")));
        Assert.Contains("\"kind\": \"ambientverify-resource-comparison\"", json);
        Assert.Throws<ResourceFileException>(() => ComparisonFiles.Parse(ResourceSnapshotFile.ToJson(Snapshots.Sidecar()), "x.json"));
    }
}

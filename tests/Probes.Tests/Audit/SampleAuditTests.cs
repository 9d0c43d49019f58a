using AmbientVerify.TestSupport;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Audit;

/// <summary>The audit over the repository's three samples (DESIGN §3).</summary>
public class SampleAuditTests
{
    private static IReadOnlyList<CheckResult> Audit(string sample, MeshMode mode) =>
        ConfigAudit.Run(MeshManifests.LoadDirectory(Repository.Sample(sample)), mode, Matrix.Defaults);

    [Fact]
    public void Corrected_ambient_sample_passes_the_ambient_audit()
    {
        Assert.All(Audit("ambient", MeshMode.Ambient), r => Assert.True(r.Verdict == Verdict.Pass, $"{r.Subject}: {r.Message}"));
    }

    [Fact]
    public void As_planned_sample_fails_on_the_retry_annotations()
    {
        var results = Audit("ambient-as-planned", MeshMode.Ambient);

        Assert.Contains(results, r => r.Verdict == Verdict.Fail && r.Message.Contains("retry.istio.io/attempts"));
    }

    [Fact]
    public void Sidecar_sample_passes_the_sidecar_audit_except_for_the_ignored_annotations()
    {
        var results = Audit("sidecar", MeshMode.Sidecar).Where(r => r.CaseId != "no-retry-annotation");

        Assert.All(results, r => Assert.True(r.Verdict == Verdict.Pass, $"{r.Subject}: {r.Message}"));
    }
}

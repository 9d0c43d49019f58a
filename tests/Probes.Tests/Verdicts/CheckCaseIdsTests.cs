using AmbientVerify.TestSupport;
using System.Reflection;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Checks.Capture;
using AmbientVerify.Probes.Checks.LegacyMtlsConfig;
using AmbientVerify.Probes.Checks.Mtls;
using AmbientVerify.Probes.Checks.Plaintext;
using AmbientVerify.Probes.Tests.TestSupport;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Tests.Verdicts;

/// <summary>
/// The ids of every check but the matrix, as their constants classes declare them. Dashboards, CI history and
/// tests key on these: the table fails when an id changes, appears or goes; sentences may change freely.
/// </summary>
public class CheckCaseIdsTests
{
    private static readonly Type[] ConstantsClasses =
    [
        typeof(ConfigAuditConstants), typeof(CaptureConstants), typeof(MtlsConstants), typeof(PlaintextConstants), typeof(LegacyMtlsConfigConstants),
    ];

    private static string CheckName(Type constants) => (string)constants.GetField("CheckName")!.GetValue(null)!;

    private static IReadOnlyList<CheckCase> Cases(Type constants) =>
        [.. constants.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(CheckCase)).Select(f => (CheckCase)f.GetValue(null)!)];

    private static IEnumerable<(string Check, string Id)> Declared() =>
        ConstantsClasses.SelectMany(type => Cases(type).Select(c => (CheckName(type), c.Id)));

    [Fact]
    public void Every_check_declares_exactly_these_ids()
    {
        (string, string)[] expected =
        [
            ("config-audit", "destination-rule-kept-for-sidecars"),
            ("config-audit", "namespace-injected"),
            ("config-audit", "namespace-labelled-ambient"),
            ("config-audit", "namespace-not-injected"),
            ("config-audit", "no-backend-request-without-retry"),
            ("config-audit", "no-circuit-breaker-left"),
            ("config-audit", "no-destination-rule-left"),
            ("config-audit", "no-retry-annotation"),
            ("config-audit", "no-virtual-service-left"),
            ("config-audit", "virtual-service-kept-for-sidecars"),
            ("capture", "namespace-injected"),
            ("capture", "namespace-labelled-ambient"),
            ("capture", "pods-captured-by-ztunnel"),
            ("capture", "pods-carry-sidecar"),
            ("capture", "sidecar-serves-pods"),
            ("capture", "ztunnel-lists-pods-as-hbone"),
            ("mtls", "inbound-mutual-tls"),
            ("mtls", "no-inbound-plaintext"),
            ("plaintext", "plaintext-refused"),
            ("legacy-mtls-config", "istio-mutual-kept-for-sidecars"),
            ("legacy-mtls-config", "no-istio-mutual-destination-rule"),
        ];

        Assert.Equal(expected, Declared().GroupBy(d => d.Check).SelectMany(g => g.OrderBy(d => d.Id, StringComparer.Ordinal)));
    }

    [Fact]
    public void Ids_are_unique_within_each_check()
    {
        Assert.All(ConstantsClasses, type =>
        {
            var ids = Cases(type).Select(c => c.Id).ToList();
            Assert.Equal(ids.Distinct(), ids);
        });
    }

    [Fact]
    public void Sentences_are_unique_within_each_check()
    {
        Assert.All(ConstantsClasses, type =>
        {
            var sentences = Cases(type).Select(c => c.Sentence).ToList();
            Assert.Equal(sentences.Distinct(), sentences);
        });
    }

    [Fact]
    public void Check_names_are_unique_and_kebab_case()
    {
        var names = ConstantsClasses.Select(CheckName).Append(AmbientVerify.Probes.Cases.BehaviourMatrix.CheckName).ToList();

        Assert.Equal(names.Distinct(), names);
        Assert.All(names, name => Assert.True(CheckCase.IsValidId(name), name));
    }

    [Theory]
    [InlineData("ambient", MeshMode.Ambient)]
    [InlineData("ambient-as-planned", MeshMode.Ambient)]
    [InlineData("sidecar", MeshMode.Ambient)]
    [InlineData("sidecar", MeshMode.Sidecar)]
    [InlineData("ambient", MeshMode.Sidecar)]
    public void The_audit_reports_only_ids_its_constants_declare(string sample, MeshMode mode)
    {
        var declared = Cases(typeof(ConfigAuditConstants)).ToHashSet();

        var results = ConfigAudit.Run(MeshManifests.LoadDirectory(Repository.Sample(sample)), mode, Matrix.Defaults);

        Assert.All(results, r => Assert.Contains(new CheckCase(r.CaseId, r.Case), declared));
    }

    [Theory]
    [InlineData("Namespace labelled ambient")]
    [InlineData("namespace_labelled")]
    [InlineData("namespace--labelled")]
    [InlineData("-namespace")]
    [InlineData("")]
    public void An_id_that_is_not_kebab_case_is_refused(string id)
    {
        Assert.Throws<ArgumentException>(() => new CheckCase(id, "a sentence"));
    }

    [Fact]
    public void A_result_whose_case_id_is_not_kebab_case_is_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            new CheckResult("capture", Subject.Namespace("ecommerce"), "namespace is labelled", "namespace is labelled", Verdict.Pass, "ok"));
    }
}

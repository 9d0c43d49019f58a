using System.Text.Json;
using System.Text.Json.Serialization;
using AmbientVerify.Manifests.Versions;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Reporting;

/// <summary>
/// report.json: run metadata, counts, and one entry per result: its check, case id and sentence, capability,
/// subject (kind and name), verdict, expected and observed values. Consumers key on check + caseId + subject.
/// </summary>
public static class JsonReportWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string ToJson(RunReport report) => JsonSerializer.Serialize(ToDocument(report), Options);

    private static object ToDocument(RunReport report) => new
    {
        target = report.Target,
        mode = report.Mode,
        gateway = report.Gateway,
        emulatedGateway = report.EmulatedGateway,
        manifests = report.ManifestsDirectory,
        istioVersion = report.Versions?.Istio.ToString(),
        gatewayApiChannel = report.Versions?.Channel.Name(),
        gatewayApiChannelSource = report.Versions?.ChannelSource,
        started = report.Started,
        durationSeconds = Math.Round(report.Duration.TotalSeconds, 3),
        problem = report.Problem,
        expectationsFile = report.ExpectationsFile,

        // Per route: the expectations its matrix results were judged by, and where they came from.
        expectations = report.Expectations.Select(a => new
        {
            subject = new { kind = a.Route.Kind, name = a.Route.Name },
            source = a.Expectations.Source,
            skipped = a.Expectations.SkipMatrix,
            requestTimeoutSeconds = a.Expectations.SkipMatrix ? (double?)null : Seconds(a.Expectations.Options.RequestTimeout),
            retries = a.Expectations.SkipMatrix ? (int?)null : a.Expectations.Options.Retries,
            perTryTimeoutSeconds = a.Expectations.SkipMatrix ? null : Seconds(a.Expectations.Options.PerTryTimeout),
            retryOn = a.Expectations.SkipMatrix ? null : a.Expectations.Options.RetryOn,
            toleranceSeconds = a.Expectations.SkipMatrix ? null : Seconds(a.Expectations.Options.Tolerance),
        }),
        counts = new
        {
            total = report.Results.Count,
            pass = report.Count(Verdict.Pass),
            fail = report.Count(Verdict.Fail),
            gap = report.Count(Verdict.Gap),
            error = report.Count(Verdict.Error),
        },
        results = report.Results.Select(r => new
        {
            check = r.Check,
            caseId = r.CaseId,
            @case = r.Case,
            capability = r.Capability,
            subject = new { kind = r.Subject.Kind, name = r.Subject.Name, detail = r.Subject.Detail },

            // Deprecated: the subject as one text, as before subjects had a kind; removed in the next release.
            route = r.Subject.ToString(),
            verdict = VerdictText.Name(r.Verdict),
            expected = r.Expected is { } e
                ? new
                {
                    status = e.Status,
                    tries = e.Tries,
                    elapsedSeconds = e.ElapsedMin is null && e.ElapsedMax is null
                        ? null
                        : new { min = Seconds(e.ElapsedMin), max = Seconds(e.ElapsedMax) },
                }
                : null,
            observed = r.Observed is { } o
                ? new { status = (int?)o.Status, tries = (int?)o.Tries, elapsedSeconds = Seconds(o.Elapsed) }
                : null,
            message = r.Message,
            remedy = r.Remedy,
        }),
    };

    private static double? Seconds(TimeSpan? value) => value is { } v ? Math.Round(v.TotalSeconds, 3) : null;
}

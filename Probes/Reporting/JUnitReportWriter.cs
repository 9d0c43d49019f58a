using System.Globalization;
using System.Xml.Linq;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Reporting;

/// <summary>
/// junit.xml: one testsuite per check and route, one testcase per case. Fail → &lt;failure&gt;, error → &lt;error&gt;,
/// gap → &lt;skipped&gt; (or &lt;failure&gt; under --strict, where gaps fail the gate).
/// </summary>
public static class JUnitReportWriter
{
    public static XDocument ToXml(RunReport report, bool strict)
    {
        var groups = report.Groups().Select(g => (Name: $"{g.Key.Check}: {g.Key.Subject}", Results: (IReadOnlyList<CheckResult>)g.ToList())).ToList();
        if (report.Problem is not null)
        {
            // A run that could not start still tells the pipeline why, as an error it will show.
            groups.Add(("run: start", [new CheckResult("run", Subject.Set("start"), new CheckCase("run-starts", "the run starts"), Verdict.Error, report.Problem)]));
        }

        var root = new XElement("testsuites",
            new XAttribute("name", "AmbientVerify"),
            Counts(groups.SelectMany(g => g.Results), strict),
            new XAttribute("time", Seconds(report.Duration)),
            groups.Select(g => new XElement("testsuite",
                new XAttribute("name", g.Name),
                Counts(g.Results, strict),
                g.Results.Select(r => Case(r, strict)))));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XElement Case(CheckResult result, bool strict) =>
        new("testcase",
            new XAttribute("classname", $"{result.Check}.{result.Subject}"),
            new XAttribute("name", result.Case),
            new XAttribute("time", Seconds(result.Observed?.Elapsed ?? TimeSpan.Zero)),
            result.Verdict switch
            {
                Verdict.Fail => Outcome("failure", "fail", result.Message),
                Verdict.Error => Outcome("error", "error", result.Message),
                Verdict.Gap when strict => Outcome("failure", "gap", "gap (strict): " + result.Message),
                Verdict.Gap => new XElement("skipped", new XAttribute("message", "gap: " + result.Message)),
                _ => null,
            });

    private static XElement Outcome(string name, string type, string message) =>
        new(name, new XAttribute("message", message), new XAttribute("type", type), message);

    private static XAttribute[] Counts(IEnumerable<CheckResult> results, bool strict)
    {
        var list = results.ToList();
        var gaps = list.Count(r => r.Verdict == Verdict.Gap);
        return
        [
            new XAttribute("tests", list.Count),
            new XAttribute("failures", list.Count(r => r.Verdict == Verdict.Fail) + (strict ? gaps : 0)),
            new XAttribute("errors", list.Count(r => r.Verdict == Verdict.Error)),
            new XAttribute("skipped", strict ? 0 : gaps),
        ];
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Xml.Linq;
using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Verdicts;

namespace AmbientVerify.Probes.Reporting;

/// <summary>
/// junit.xml: one testsuite per check and subject, one testcase per case. Fail → &lt;failure&gt;, error → &lt;error&gt;,
/// gap → &lt;skipped&gt; (or &lt;failure&gt; under --strict, where gaps fail the gate).
/// </summary>
/// <remarks>
/// CI servers key a test's history on classname + name (Jenkins, Azure DevOps, GitLab), so <c>name</c> is the case's
/// stable id alone, exactly as report.json and the metrics carry it: rewording a sentence never starts a new history.
/// The sentence is the testcase's system-out and, with the capability and the subject's kind and name, one of its
/// properties (the convention pytest's record_property uses; servers that do not read them ignore them).
/// </remarks>
public static class JUnitReportWriter
{
    /// <summary>The check of the testcase that stands for a run that could not start.</summary>
    public const string RunCheck = "run";

    /// <summary>Its case: the run starts.</summary>
    public static readonly CheckCase RunStarts = new("run-starts", "the run starts");

    public static XDocument ToXml(RunReport report, bool strict)
    {
        var expectations = report.Expectations.ToDictionary(a => a.Route, a => a.Expectations);
        var groups = report.Groups().Select(g => (
                Name: $"{g.Key.Check}: {g.Key.Subject.Display}",
                Results: (IReadOnlyList<CheckResult>)g.ToList(),
                Expectations: g.Key.Check == BehaviourMatrix.CheckName ? expectations.GetValueOrDefault(g.Key.Subject) : null))
            .ToList();
        if (report.Problem is not null)
        {
            // A run that could not start still tells the pipeline why, as an error it will show.
            groups.Add(($"{RunCheck}: start", [new CheckResult(RunCheck, Subject.Set("start"), RunStarts, Verdict.Error, report.Problem)], null));
        }

        var root = new XElement("testsuites",
            new XAttribute("name", "AmbientVerify"),
            Counts(groups.SelectMany(g => g.Results), strict),
            new XAttribute("time", Seconds(report.Duration)),
            groups.Select(g => new XElement("testsuite",
                new XAttribute("name", g.Name),
                Counts(g.Results, strict),
                Properties(g.Expectations),
                g.Results.Select(r => Case(r, strict)))));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XElement Case(CheckResult result, bool strict) =>
        new("testcase",
            new XAttribute("classname", $"{result.Check}.{result.Subject}"),
            new XAttribute("name", result.CaseId),
            new XAttribute("time", Seconds(result.Observed?.Elapsed ?? TimeSpan.Zero)),
            new XElement("properties",
                Property("case", result.Case),
                result.Capability is { } capability ? Property("capability", capability) : null,
                Property("subject.kind", result.Subject.Kind),
                Property("subject.name", result.Subject.Name)),
            result.Verdict switch
            {
                Verdict.Fail => Outcome("failure", "fail", result.Message),
                Verdict.Error => Outcome("error", "error", result.Message),
                Verdict.Gap when strict => Outcome("failure", "gap", "gap (strict): " + result.Message),
                Verdict.Gap => new XElement("skipped", new XAttribute("message", "gap: " + result.Message)),
                _ => null,
            },
            new XElement("system-out", result.Case));

    /// <summary>A route's matrix suite says which expectations its cases were judged by, and where they came from.</summary>
    private static XElement? Properties(RouteExpectations? expectations) => expectations is null
        ? null
        : new XElement("properties",
            Property("expectations", expectations.Describe()),
            Property("expectations.source", expectations.Source));

    private static XElement Property(string name, string value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", value));

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

using AmbientVerify.Manifests.Routing;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Verdicts;
using static AmbientVerify.Probes.Checks.Reachability.ReachabilityConstants;

namespace AmbientVerify.Probes.Checks.Reachability;

/// <summary>
/// Every route through the real gateway, once, as a user would call it: its own plain request (no fault instruction,
/// no tries header), so a real service is never made to fail. The answer must come from the route's backend (it carries
/// <see cref="UpstreamServiceTimeHeader"/>); an answer Envoy made itself (404: the route is not served; 503: no
/// healthy upstream or a reset; 504: the route timed out) fails with what came back. Only safe methods are sent: a
/// route matched on POST (or any method that may change data) is not sent to the real service, and says so; its
/// twin covers it in the matrix.
/// </summary>
public static class ReachabilityCheck
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(
        HttpClient http, Uri gateway, IReadOnlyList<ProbeTarget> targets, RequestRateLimiter limiter, TimeSpan timeout, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var labels = MatrixRunner.RouteLabels(targets.Select(t => t.Route).ToList());
        var results = new List<CheckResult>();
        foreach (var target in targets)
        {
            var subject = Subject.Route(labels[target.Route]);
            results.Add(await JudgeAsync(target, subject).ConfigureAwait(false));
        }

        return results;

        async Task<CheckResult> JudgeAsync(ProbeTarget target, Subject subject)
        {
            if (target.Request is not { } request)
            {
                return Result(subject, Verdict.Error, $"could not look: {target.Problem}");
            }

            if (!SafeMethods.Contains(request.Method))
            {
                return Result(subject, Verdict.Gap,
                    $"not sent: the route matches {request.Method}, which may change data in the real {Backends(target.Route)}; its twin route carries the matrix");
            }

            if (!await limiter.WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                return Result(subject, Verdict.Error, "could not look: the run's request cap was reached");
            }

            try
            {
                using var deadline = new CancellationTokenSource(timeout, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
                using var message = request.ToHttpRequest(gateway);
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.Headers.Contains(UpstreamServiceTimeHeader))
                {
                    return Result(subject, Verdict.Pass, $"{request} answered {status} by {Backends(target.Route)}");
                }

                var body = await ReadShortAsync(response, linked.Token).ConfigureAwait(false);
                return Result(subject, Verdict.Fail, $"{request} was answered {status} by the gateway itself, not by {Backends(target.Route)}"
                    + (body.Length > 0 ? $" (\"{body}\")" : "")
                    + status switch
                    {
                        404 => ": the gateway serves no route for it; check the route's status (Accepted, ResolvedRefs) and its parentRefs",
                        503 => ": no healthy upstream or a reset; check the Service's endpoints and the pods' readiness",
                        504 => ": the backend did not answer within the route timeout",
                        _ => "",
                    });
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return Result(subject, Verdict.Error, $"could not look: {request} got no answer ({(e is OperationCanceledException ? $"no response within {timeout.TotalSeconds:0}s" : e.Message)})");
            }
        }
    }

    private static CheckResult Result(Subject subject, Verdict verdict, string message) =>
        new(CheckName, subject, AnsweredByBackendCase, verdict, message);

    private static string Backends(GatewayRoute route) =>
        route.Backends.Count == 0 ? "its backend" : string.Join(", ", route.Backends.Select(b => $"Service {b.Destination.Namespace}/{b.Service}"));

    private static async Task<string> ReadShortAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}

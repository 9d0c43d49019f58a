using System.Security.Authentication;

namespace AmbientVerify.Probes.Running;

/// <summary>
/// One plain request to the gateway before anything else: a gateway that is not there, or whose TLS the probes cannot
/// accept, is one clear message (gate exit 2), not a hundred errored cases.
/// </summary>
public static class GatewayReachability
{
    /// <summary>Null when the gateway answered (any status); else why it could not be reached and what to do.</summary>
    public static async Task<string?> ProblemAsync(HttpClient http, Uri gateway, TimeProvider time, string remedy, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var response = await http.GetAsync(gateway, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            return null;
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException tls)
        {
            return $"the TLS handshake with gateway {gateway} failed ({tls.Message}): trust the gateway's CA on this machine, "
                   + "or pass --insecure-skip-tls-verify for a dev gateway with a self-signed certificate";
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is OperationCanceledException ? "no answer within 10s" : e.Message;
            return $"gateway {gateway} is unreachable ({reason}): {remedy}";
        }
    }
}

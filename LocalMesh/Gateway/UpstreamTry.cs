namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>Why a try produced no upstream answer, in Envoy's terms.</summary>
public enum UpstreamFailure
{
    /// <summary>The backend answered (with any status).</summary>
    None,

    /// <summary>TCP connect failed (refused, unreachable, connect timeout): Envoy's "remote connection failure".</summary>
    ConnectFailure,

    /// <summary>Connected, but the connection ended before response headers: Envoy's "connection termination".</summary>
    Reset,

    /// <summary>The per-try timeout fired before response headers.</summary>
    PerTryTimeout,
}

/// <summary>The result of one try: the upstream response (headers read, body not yet) or the failure.</summary>
public sealed class UpstreamTry(int attempt, HttpResponseMessage? response, UpstreamFailure failure) : IDisposable
{
    public int Attempt { get; } = attempt;
    public HttpResponseMessage? Response { get; } = response;
    public UpstreamFailure Failure { get; } = failure;

    /// <summary>Low-cardinality outcome label: the status code, or the failure name.</summary>
    public string OutcomeLabel => Response is { } response
        ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Failure switch
        {
            UpstreamFailure.ConnectFailure => "connect_failure",
            UpstreamFailure.Reset => "reset",
            UpstreamFailure.PerTryTimeout => "per_try_timeout",
            _ => "none",
        };

    /// <summary>Polly disposes a result it is about to retry: an unused response frees its connection.</summary>
    public void Dispose() => Response?.Dispose();
}

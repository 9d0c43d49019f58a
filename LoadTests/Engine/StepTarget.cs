using AmbientVerify.LoadTests.Model;

namespace AmbientVerify.LoadTests.Engine;

/// <summary>A step made ready to send many times: the absolute URL under the gateway, the method, and what a send costs on the wire.</summary>
public sealed class StepTarget
{
    public StepTarget(LoadStep step, Uri gateway)
    {
        Step = step;
        Method = new HttpMethod(step.Method);
        // As ProbeRequest.ToHttpRequest: the gateway's scheme, authority and path, then the step's path and query.
        Url = new Uri(gateway.GetLeftPart(UriPartial.Authority) + gateway.AbsolutePath.TrimEnd('/') + step.PathAndQuery);
        // The request head as HTTP/1.1 writes it (request line, Host, the step's headers); HttpClient adds nothing else here.
        BytesSent = $"{step.Method} {Url.PathAndQuery} HTTP/1.1\r\nHost: {step.Host}\r\n".Length
                    + step.Headers.Sum(h => h.Key.Length + h.Value.Length + 4) + 2;
    }

    public LoadStep Step { get; }
    public HttpMethod Method { get; }
    public Uri Url { get; }
    public int BytesSent { get; }

    public HttpRequestMessage CreateRequest()
    {
        var request = new HttpRequestMessage(Method, Url) { Headers = { Host = Step.Host } };
        foreach (var (name, value) in Step.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}

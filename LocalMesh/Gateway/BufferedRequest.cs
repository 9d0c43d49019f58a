using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// The downstream request, read once and kept so every try can send it again (Envoy buffers a request it may
/// retry, too). The x-request-id is fixed here so all tries carry the same one.
/// </summary>
public sealed class BufferedRequest
{
    public required string Method { get; init; }
    public required string PathAndQuery { get; init; }
    public required string Host { get; init; }
    public required IReadOnlyList<KeyValuePair<string, StringValues>> Headers { get; init; }
    public required byte[]? Body { get; init; }
    public required string RequestId { get; init; }
    public required string? RemoteAddress { get; init; }
    public required string Scheme { get; init; }

    /// <summary>The same request as the route sends it on: rewritten path and query, authority and headers.</summary>
    public BufferedRequest With(string pathAndQuery, string host, IReadOnlyList<KeyValuePair<string, StringValues>> headers) => new()
    {
        Method = Method,
        PathAndQuery = pathAndQuery,
        Host = host,
        Headers = headers,
        Body = Body,
        RequestId = RequestId,
        RemoteAddress = RemoteAddress,
        Scheme = Scheme,
    };

    /// <summary>Reads the request; null when the body is larger than <paramref name="maxBodyBytes"/>.</summary>
    public static async Task<BufferedRequest?> ReadAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellationToken)
    {
        byte[]? body = null;
        if (request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
        {
            if (request.ContentLength > maxBodyBytes)
            {
                return null;
            }

            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            body = buffer.ToArray();
        }

        var requestId = request.Headers["x-request-id"].ToString();
        return new BufferedRequest
        {
            Method = request.Method,
            PathAndQuery = request.GetEncodedPathAndQuery(),
            Host = request.Host.Value ?? "",
            Headers = request.Headers.ToList(),
            Body = body,
            RequestId = string.IsNullOrEmpty(requestId) ? Guid.NewGuid().ToString() : requestId,
            RemoteAddress = request.HttpContext.Connection.RemoteIpAddress?.ToString(),
            Scheme = request.Scheme,
        };
    }
}

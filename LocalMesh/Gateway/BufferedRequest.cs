using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace AmbientVerify.LocalMesh.Gateway;

/// <summary>
/// The downstream request, kept so every try can send it again (Envoy buffers a request it may retry, too), up to
/// Envoy's retry buffer limit. A body that outgrows the limit is not refused: as Envoy's router does
/// (<c>source/common/router/router.cc</c> <c>Filter::decodeData</c>: "exceeds buffer limit … Give up on the
/// retry/shadow", <c>retry_state_.reset()</c>), the request loses its retries and the body is streamed on to the one
/// try. The x-request-id is fixed here so all tries carry the same one.
/// </summary>
public sealed class BufferedRequest
{
    private Stream? _remainder;
    private int _streamed;

    public required string Method { get; init; }
    public required string PathAndQuery { get; init; }
    public required string Host { get; init; }
    public required IReadOnlyList<KeyValuePair<string, StringValues>> Headers { get; init; }

    /// <summary>The whole body (null when there is none); when <see cref="RetryBufferOverflowed"/>, only its first bytes.</summary>
    public required byte[]? Body { get; init; }

    public required string RequestId { get; init; }
    public required string? RemoteAddress { get; init; }
    public required string Scheme { get; init; }

    /// <summary>The downstream Content-Length, when the client sent one.</summary>
    public long? ContentLength { get; init; }

    /// <summary>
    /// The body outgrew the retry buffer: Envoy gives up on retries for this request and streams the body to the try
    /// in flight. The router then makes one try only.
    /// </summary>
    public bool RetryBufferOverflowed => _remainder is not null;

    /// <summary>
    /// The same request as the route sends it on: rewritten path and query, authority and headers. It replaces this one
    /// (an overflowed body keeps streaming to its one try from the copy, never from both).
    /// </summary>
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
        ContentLength = ContentLength,
        _remainder = _remainder,
    };

    /// <summary>
    /// Reads the request. A body that fits in <paramref name="retryBufferBytes"/> (Envoy's limit: the listener's
    /// <c>per_connection_buffer_limit_bytes</c>, router.cc <c>retry_shadow_buffer_limit_</c>) is buffered whole; a larger
    /// one is left to stream after the bytes read so far (nothing beyond the limit is held in memory).
    /// </summary>
    public static async Task<BufferedRequest> ReadAsync(HttpRequest request, long retryBufferBytes, CancellationToken cancellationToken)
    {
        byte[]? body = null;
        Stream? remainder = null;
        if (request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
        {
            // Envoy sets no overall body limit on a streamed request; Kestrel's own (30 MB) would answer 413 instead.
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = null;
            }

            using var buffer = new MemoryStream();
            // Envoy compares buffered + arriving bytes with the limit ("> limit" overflows), chunk by chunk; reading one
            // byte past the limit tells a body of exactly the limit from a larger one. Content-Length is not consulted.
            var chunk = new byte[16 * 1024];
            while (buffer.Length <= retryBufferBytes)
            {
                var want = (int)Math.Min(chunk.Length, retryBufferBytes + 1 - buffer.Length);
                var read = await request.Body.ReadAsync(chunk.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                buffer.Write(chunk, 0, read);
            }

            body = buffer.ToArray();
            if (buffer.Length > retryBufferBytes)
            {
                remainder = request.Body;
            }
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
            ContentLength = request.ContentLength,
            _remainder = remainder,
        };
    }

    /// <summary>A body that overflowed the retry buffer: what was read, then the rest as it arrives.</summary>
    public static BufferedRequest WithUnbufferedBody(BufferedRequest request, byte[] readSoFar, Stream remainder) => new()
    {
        Method = request.Method,
        PathAndQuery = request.PathAndQuery,
        Host = request.Host,
        Headers = request.Headers,
        Body = readSoFar,
        RequestId = request.RequestId,
        RemoteAddress = request.RemoteAddress,
        Scheme = request.Scheme,
        ContentLength = request.ContentLength,
        _remainder = remainder,
    };

    /// <summary>The body content for one try: the buffer again, or (overflowed, one try only) the bytes read then the rest.</summary>
    /// <exception cref="InvalidOperationException">A second try of a request whose body was streamed: it can be sent once only.</exception>
    public HttpContent? CreateContent()
    {
        if (_remainder is null)
        {
            return Body is { } bytes ? new ByteArrayContent(bytes) : null;
        }

        var remainder = Interlocked.Exchange(ref _streamed, 1) == 0
            ? _remainder
            : throw new InvalidOperationException("the request body outgrew the retry buffer and was streamed to a try already: it cannot be sent again");
        var content = new StreamContent(new PrefixedStream(Body ?? [], remainder));
        if (ContentLength is { } length)
        {
            content.Headers.ContentLength = length;
        }

        return content;
    }

    /// <summary>Reads <c>prefix</c>, then <c>rest</c>; never disposes <c>rest</c> (the downstream request body).</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _position);
                prefix.AsMemory(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            return await rest.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

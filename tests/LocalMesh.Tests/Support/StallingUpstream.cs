namespace AmbientVerify.LocalMesh.Tests.Support;

/// <summary>
/// An upstream whose tries never answer: each waits for its cancellation, which it records synchronously (in the
/// cancelling call), so a test driving a FakeTimeProvider sees at once which try a timer cut.
/// </summary>
public sealed class StallingUpstream : HttpMessageHandler
{
    private readonly TaskCompletionSource _firstTry = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _tries;

    public int Tries => Volatile.Read(ref _tries);

    /// <summary>Tries (1-based) whose token was cancelled, in order.</summary>
    public List<int> CutTries { get; } = [];

    /// <summary>Request bodies as received, per try.</summary>
    public List<byte[]> Bodies { get; } = [];

    public Task FirstTryStarted => _firstTry.Task;

    private readonly Dictionary<int, TaskCompletionSource> _started = [];

    /// <summary>Completes once try <paramref name="attempt"/> (1-based) has reached the upstream.</summary>
    public Task TryStarted(int attempt)
    {
        lock (_started)
        {
            return (_started.TryGetValue(attempt, out var started) ? started : _started[attempt] = new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _tries);
        // Not disposed with the try: the try's own end runs inline inside the cancellation and would unregister this
        // callback before it ran.
        cancellationToken.Register(() =>
        {
            lock (CutTries)
            {
                CutTries.Add(attempt);
            }
        });
        if (request.Content is { } content)
        {
            var body = await content.ReadAsByteArrayAsync(cancellationToken);
            lock (Bodies)
            {
                Bodies.Add(body);
            }
        }

        _firstTry.TrySetResult();
        _ = TryStarted(attempt);
        lock (_started)
        {
            _started[attempt].TrySetResult();
        }

        await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
        throw new InvalidOperationException("unreachable: a stalled try ends by cancellation");
    }
}

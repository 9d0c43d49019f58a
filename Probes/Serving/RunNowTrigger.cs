namespace AmbientVerify.Probes.Serving;

/// <summary>
/// Between two periodic runs, the wait that a "run now" request (POST /run, the dashboard's "Run the matrix now") ends
/// early. A request while a run is going is refused rather than queued: the running matrix is seconds from a verdict
/// and a second one right after it would only double the load on the mesh. Two requests during one wait start one run.
/// </summary>
public sealed class RunNowTrigger(TimeProvider time)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = NewWake();
    private DateTimeOffset? _runningSince;

    /// <summary>Ends the current wait, unless a run is going.</summary>
    public RunNowAnswer Request()
    {
        lock (_gate)
        {
            if (_runningSince is { } since)
            {
                return new RunNowAnswer(false, since);
            }

            _wake.TrySetResult();
            return new RunNowAnswer(true, null);
        }
    }

    /// <summary>A run starts: requests are refused until <see cref="RunEnded"/>, and a request made before it counts for it.</summary>
    public void RunStarted()
    {
        lock (_gate)
        {
            _runningSince = time.GetUtcNow();
            _wake = NewWake();
        }
    }

    public void RunEnded()
    {
        lock (_gate)
        {
            _runningSince = null;
        }
    }

    /// <summary>Waits <paramref name="delay"/> or until a request, whichever comes first.</summary>
    /// <exception cref="OperationCanceledException">The service stops.</exception>
    public async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        Task wake;
        lock (_gate)
        {
            wake = _wake.Task;
        }

        using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var elapsed = Task.Delay(delay, time, stopDelay.Token);
        await Task.WhenAny(wake, elapsed).ConfigureAwait(false);
        await stopDelay.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>What a run-now request got.</summary>
/// <param name="Started">True: the wait ended, a run starts now.</param>
/// <param name="RunningSince">When refused: when the run that is going started.</param>
public sealed record RunNowAnswer(bool Started, DateTimeOffset? RunningSince);

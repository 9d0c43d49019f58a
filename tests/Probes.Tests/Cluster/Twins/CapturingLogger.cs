using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.Probes.Tests.Cluster.Twins;

/// <summary>Keeps every formatted log line (and exception text), so a test can say what a log never contains.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly ConcurrentQueue<int> eventIds = new();

    /// <summary>The event id of every line, in order.</summary>
    public IReadOnlyList<int> EventIds => [.. eventIds];

    public IReadOnlyList<string> Lines => [.. lines];

    public string All => string.Join("\n", lines);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        eventIds.Enqueue(eventId.Id);
        lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
    }
}

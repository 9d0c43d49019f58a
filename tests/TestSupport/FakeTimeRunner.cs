using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.TestSupport;

/// <summary>
/// Runs code that waits on a <see cref="FakeTimeProvider"/> while it also does real I/O (loopback HTTP): fake time moves
/// by <c>step</c> each time the task yields, until it completes. Keep the step small next to the code's own timeouts:
/// the I/O takes real time while fake time runs ahead.
/// </summary>
public static class FakeTimeRunner
{
    public static async Task<T> RunAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step, CancellationToken ct)
    {
        while (!task.IsCompleted)
        {
            await Task.Yield();
            time.Advance(step);
            await Task.WhenAny(task, Task.Delay(1, ct));
        }

        return await task;
    }
}

using AmbientVerify.LoadTests.Reporting;

namespace AmbientVerify.LoadTests.Engine;

/// <summary>
/// How far the open model's actual sends fell behind their intended times. Latency already counts from the intended
/// time, so a lag does not flatter the figures; it says whether the generator itself (or the concurrency cap during a
/// stall) kept up. Written by the scenario's single dispatcher only.
/// </summary>
public sealed class SendLagTracker
{
    private TimeSpan _max;
    private long _late;

    public void Record(TimeSpan lag)
    {
        if (lag > _max)
        {
            _max = lag;
        }

        if (lag >= OpenModelDriver.LateThreshold)
        {
            _late++;
        }
    }

    public SendLag ToStats() => new(Math.Round(_max.TotalMilliseconds, 3), _late);
}

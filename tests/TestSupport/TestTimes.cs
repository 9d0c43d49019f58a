namespace AmbientVerify.TestSupport;

/// <summary>Short spellings for durations in test tables.</summary>
public static class TestTimes
{
    public static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    public static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);
}

namespace AmbientVerify.FaultTarget.Faults;

/// <summary>
/// What a request asks the FaultTarget to do, read from its query (DESIGN §4). Per try, in this order:
/// wait <see cref="Delay"/> (on the tries in <see cref="DelayTries"/>, or every try), abort the connection on the
/// first <see cref="ResetTries"/> tries, then answer <see cref="ResponseCode"/> while the try is within
/// <see cref="SucceedAfter"/> (or always when it is absent), else answer normally.
/// </summary>
public sealed record FaultInstruction(
    string? Uuid = null,
    int? ResponseCode = null,
    int? SucceedAfter = null,
    TimeSpan? Delay = null,
    TryRange? DelayTries = null,
    int? ResetTries = null)
{
    /// <summary>A request without any fault parameter.</summary>
    public static FaultInstruction None { get; } = new();

    public bool ShouldDelay(int tryNumber) => Delay is { } delay && delay > TimeSpan.Zero
        && (DelayTries is not { } tries || tries.Contains(tryNumber));

    public bool ShouldReset(int tryNumber) => ResetTries is { } resets && tryNumber <= resets;

    /// <summary>The status this try must fail with, or null when it answers normally.</summary>
    public int? FailureStatusFor(int tryNumber) =>
        ResponseCode is { } code && (SucceedAfter is not { } succeedAfter || tryNumber <= succeedAfter) ? code : null;
}

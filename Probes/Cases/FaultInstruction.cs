using AmbientVerify.Manifests;
using AmbientVerify.Probes.Model;

namespace AmbientVerify.Probes.Cases;

/// <summary>
/// What the fault backend must do (DESIGN §4), as the query string the FaultTarget reads and as the script the
/// router model runs. Tries are 1-based; "first n tries" means tries 1..n.
/// </summary>
public sealed record FaultInstruction(
    int? ResponseCode = null,
    int? SucceedAfter = null,
    TimeSpan? Delay = null,
    (int From, int To)? DelayTries = null,
    int? Reset = null)
{
    public static readonly FaultInstruction None = new();

    public static FaultInstruction FailFirst(int tries, int code) => new(ResponseCode: code, SucceedAfter: tries);
    public static FaultInstruction ResetFirst(int tries) => new(Reset: tries);
    public static FaultInstruction DelayEveryTry(TimeSpan delay) => new(Delay: delay);
    public static FaultInstruction DelayTry(int tryNumber, TimeSpan delay) => new(Delay: delay, DelayTries: (tryNumber, tryNumber));

    /// <summary>The query string (without '?') for a probe carrying <paramref name="uuid"/>.</summary>
    public string ToQuery(string uuid)
    {
        var parts = new List<string> { "uuid=" + Uri.EscapeDataString(uuid) };
        if (ResponseCode is { } code) parts.Add($"responseCode={code}");
        if (SucceedAfter is { } after) parts.Add($"succeedAfter={after}");
        if (Delay is { } delay) parts.Add("delay=" + Durations.Format(delay));
        if (DelayTries is { } range) parts.Add($"delayTries={range.From}-{range.To}");
        if (Reset is { } reset) parts.Add($"reset={reset}");
        return string.Join("&", parts);
    }

    /// <summary>The same instruction as the router model's fault script.</summary>
    public FaultScript ToScript() => new(OnTry);

    private TryBehaviour OnTry(int tryNumber)
    {
        if (Reset is { } reset && tryNumber <= reset)
        {
            return new TryBehaviour.Reset();
        }

        var status = ResponseCode is { } code && tryNumber <= (SucceedAfter ?? int.MaxValue) ? code : 200;
        var delayed = Delay is { } && (DelayTries is not { } range || (tryNumber >= range.From && tryNumber <= range.To));
        return delayed ? new TryBehaviour.Delayed(Delay!.Value, status) : new TryBehaviour.Answer(status);
    }
}

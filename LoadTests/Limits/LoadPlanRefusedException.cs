namespace AmbientVerify.LoadTests.Limits;

/// <summary>The plan breaks a limit (<see cref="LoadLimits"/>); nothing was sent.</summary>
public sealed class LoadPlanRefusedException(IReadOnlyList<string> errors)
    : Exception("load plan refused: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

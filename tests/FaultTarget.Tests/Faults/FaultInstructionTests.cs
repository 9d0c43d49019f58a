using AmbientVerify.FaultTarget.Faults;

namespace AmbientVerify.FaultTarget.Tests.Faults;

public sealed class FaultInstructionTests
{
    [Fact]
    public void A_response_code_with_succeed_after_fails_only_the_first_n_tries()
    {
        var instruction = new FaultInstruction(Uuid: "u", ResponseCode: 500, SucceedAfter: 3);
        Assert.Equal<int?>([500, 500, 500, null], new[] { 1, 2, 3, 4 }.Select(instruction.FailureStatusFor));
    }

    [Fact]
    public void A_response_code_without_succeed_after_fails_every_try()
    {
        var instruction = new FaultInstruction(Uuid: "u", ResponseCode: 503);
        Assert.Equal<int?>([503, 503, 503], new[] { 1, 2, 100 }.Select(instruction.FailureStatusFor));
    }

    [Fact]
    public void Succeed_after_zero_never_fails()
    {
        var instruction = new FaultInstruction(Uuid: "u", ResponseCode: 500, SucceedAfter: 0);
        Assert.Null(instruction.FailureStatusFor(1));
    }

    [Fact]
    public void A_delay_without_delay_tries_applies_to_every_try()
    {
        var instruction = new FaultInstruction(Delay: TimeSpan.FromSeconds(1));
        Assert.All(new[] { 1, 2, 5 }, t => Assert.True(instruction.ShouldDelay(t)));
    }

    [Fact]
    public void A_delay_with_delay_tries_applies_only_to_the_listed_tries()
    {
        var instruction = new FaultInstruction(Delay: TimeSpan.FromSeconds(1), DelayTries: new TryRange(2, 3));
        Assert.Equal([false, true, true, false], new[] { 1, 2, 3, 4 }.Select(instruction.ShouldDelay));
    }

    [Fact]
    public void A_zero_delay_never_waits()
    {
        Assert.False(new FaultInstruction(Delay: TimeSpan.Zero).ShouldDelay(1));
    }

    [Fact]
    public void Reset_n_resets_the_first_n_tries_only()
    {
        var instruction = new FaultInstruction(Uuid: "u", ResetTries: 2);
        Assert.Equal([true, true, false], new[] { 1, 2, 3 }.Select(instruction.ShouldReset));
    }
}

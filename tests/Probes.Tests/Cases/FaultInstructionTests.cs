using AmbientVerify.Probes.Cases;
using AmbientVerify.Probes.Model;

namespace AmbientVerify.Probes.Tests.Cases;

public class FaultInstructionTests
{
    [Fact]
    public void Failing_first_tries_uses_the_conformance_echo_parameters()
    {
        Assert.Equal("uuid=abc&responseCode=503&succeedAfter=3", FaultInstruction.FailFirst(3, 503).ToQuery("abc"));
    }

    [Fact]
    public void Delaying_one_try_names_the_try_range()
    {
        Assert.Equal("uuid=abc&delay=12s&delayTries=1-1", FaultInstruction.DelayTry(1, TimeSpan.FromSeconds(12)).ToQuery("abc"));
    }

    [Fact]
    public void Resetting_first_tries_uses_reset()
    {
        Assert.Equal("uuid=abc&reset=3", FaultInstruction.ResetFirst(3).ToQuery("abc"));
    }

    [Fact]
    public void Script_fails_the_first_tries_then_answers_200()
    {
        var script = FaultInstruction.FailFirst(2, 502).ToScript();

        Assert.Equal([new TryBehaviour.Answer(502), new TryBehaviour.Answer(502), new TryBehaviour.Answer(200)],
            Enumerable.Range(1, 3).Select(script.OnTry));
    }

    [Fact]
    public void Script_delays_only_the_named_try()
    {
        var script = FaultInstruction.DelayTry(1, TimeSpan.FromSeconds(12)).ToScript();

        Assert.Equal([new TryBehaviour.Delayed(TimeSpan.FromSeconds(12), 200), new TryBehaviour.Answer(200)],
            Enumerable.Range(1, 2).Select(script.OnTry));
    }
}

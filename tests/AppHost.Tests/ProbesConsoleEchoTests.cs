namespace AmbientVerify.AppHost.Tests;

public sealed class ProbesConsoleEchoTests
{
    [Fact]
    public void Orchestrator_timestamp_and_colour_codes_are_removed()
    {
        var line = ProbesConsoleEcho.Readable("2026-11-25T21:59:26.0490000Z \u001b[40m\u001b[32minfo\u001b[39m\u001b[22m\u001b[49m: Probing 84 cases");

        Assert.Equal("info: Probing 84 cases", line);
    }

    [Theory]
    [InlineData("2026-11-25T21:59:11.6862909Z Waiting for resource 'localmesh' to enter the 'Running' state.")]
    [InlineData("2026-11-25T21:59:24.8720000Z [sys] Starting process...")]
    public void Orchestration_chatter_is_dropped(string content)
    {
        Assert.Null(ProbesConsoleEcho.Readable(content));
    }
}

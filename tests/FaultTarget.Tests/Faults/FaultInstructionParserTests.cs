using AmbientVerify.FaultTarget.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AmbientVerify.FaultTarget.Tests.Faults;

public sealed class FaultInstructionParserTests
{
    public static TheoryData<string, FaultInstruction> GoodQueries => new()
    {
        { "", FaultInstruction.None },
        { "?uuid=abc", new FaultInstruction(Uuid: "abc") },
        { "?uuid=abc&responseCode=500", new FaultInstruction(Uuid: "abc", ResponseCode: 500) },
        { "?uuid=abc&responseCode=503&succeedAfter=3", new FaultInstruction(Uuid: "abc", ResponseCode: 503, SucceedAfter: 3) },
        { "?uuid=abc&responseCode=500&succeedAfter=0", new FaultInstruction(Uuid: "abc", ResponseCode: 500, SucceedAfter: 0) },
        { "?delay=5s", new FaultInstruction(Delay: TimeSpan.FromSeconds(5)) },
        { "?uuid=abc&delay=12s&delayTries=1", new FaultInstruction(Uuid: "abc", Delay: TimeSpan.FromSeconds(12), DelayTries: new TryRange(1, 1)) },
        { "?uuid=abc&delay=500ms&delayTries=1-2", new FaultInstruction(Uuid: "abc", Delay: TimeSpan.FromMilliseconds(500), DelayTries: new TryRange(1, 2)) },
        { "?uuid=abc&reset=3", new FaultInstruction(Uuid: "abc", ResetTries: 3) },
        { "?reset=1", new FaultInstruction(ResetTries: 1) },
        { "?uuid=abc&other=ignored", new FaultInstruction(Uuid: "abc") },
    };

    [Theory]
    [MemberData(nameof(GoodQueries))]
    public void Well_formed_queries_give_their_instruction(string query, FaultInstruction expected)
    {
        Assert.True(FaultInstructionParser.TryParse(Query(query), out var instruction, out var error), error);
        Assert.Equal(expected, instruction);
    }

    [Theory]
    [InlineData("?uuid=abc&responseCode=99", "responseCode")]
    [InlineData("?uuid=abc&responseCode=100", "responseCode")]
    [InlineData("?uuid=abc&responseCode=600", "responseCode")]
    [InlineData("?uuid=abc&responseCode=5xx", "responseCode")]
    [InlineData("?uuid=abc&responseCode=500&succeedAfter=-1", "succeedAfter")]
    [InlineData("?uuid=abc&responseCode=500&succeedAfter=x", "succeedAfter")]
    [InlineData("?uuid=abc&succeedAfter=2", "succeedAfter needs responseCode")]
    [InlineData("?delay=soon", "delay")]
    [InlineData("?delay=5", "delay")]
    [InlineData("?delay=5s&delayTries=0", "delayTries")]
    [InlineData("?delay=5s&delayTries=3-1", "delayTries")]
    [InlineData("?delayTries=1", "delayTries needs delay")]
    [InlineData("?uuid=abc&reset=-1", "reset")]
    [InlineData("?uuid=abc&reset=many", "reset")]
    [InlineData("?uuid=", "uuid")]
    [InlineData("?uuid=a&uuid=b", "uuid is given 2 times")]
    [InlineData("?uuid=abc&responseCode=500&responseCode=503", "responseCode is given 2 times")]
    public void Malformed_queries_are_refused_naming_the_parameter(string query, string expectedInError)
    {
        Assert.False(FaultInstructionParser.TryParse(Query(query), out _, out var error));
        Assert.Contains(expectedInError, error);
    }

    [Fact]
    public void An_overlong_uuid_is_refused()
    {
        var uuid = new string('u', FaultInstructionParser.MaxUuidLength + 1);
        Assert.False(FaultInstructionParser.TryParse(Query($"?uuid={uuid}"), out _, out var error));
        Assert.Contains("uuid", error);
    }

    private static QueryCollection Query(string query) => new(QueryHelpers.ParseQuery(query));
}

using System.Net;
using AmbientVerify.Probes.Resources;

namespace AmbientVerify.Probes.Tests.Resources;

/// <summary>GET /__process of each local mesh process becomes a sampler target; a URL that cannot say is a problem, not dropped.</summary>
public sealed class ProcessDirectoryTests
{
    private sealed class Answers(Dictionary<string, (HttpStatusCode Status, string Body)> answers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            answers.TryGetValue(request.RequestUri!.ToString(), out var answer)
                ? Task.FromResult(new HttpResponseMessage(answer.Status) { Content = new StringContent(answer.Body) })
                : throw new HttpRequestException("Connection refused");
    }

    private static async Task<ProcessDirectoryResult> FetchAsync(Dictionary<string, (HttpStatusCode, string)> answers, params string[] urls)
    {
        using var http = new HttpClient(new Answers(answers));
        return await new ProcessDirectory(http).FetchAsync(urls.Select(u => new Uri(u)), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Each_component_becomes_a_target_of_its_kind()
    {
        var result = await FetchAsync(new()
        {
            ["http://127.0.0.1:1/__process"] = (HttpStatusCode.OK, """{"pid":11,"component":"gateway","name":"localmesh"}"""),
            ["http://127.0.0.1:2/__process"] = (HttpStatusCode.OK, """{"pid":12,"component":"ztunnel","name":"ztunnel"}"""),
            ["http://127.0.0.1:3/__process"] = (HttpStatusCode.OK, """{"pid":13,"component":"sidecar","name":"shop-0"}"""),
            ["http://127.0.0.1:4/__process"] = (HttpStatusCode.OK, """{"pid":14,"component":"workloads","name":"faulttarget"}"""),
        }, "http://127.0.0.1:1", "http://127.0.0.1:2", "http://127.0.0.1:3", "http://127.0.0.1:4");

        Assert.Empty(result.Problems);
        Assert.Equal(
            [(ComponentKinds.Gateway, "localmesh", 11), (ComponentKinds.Ztunnel, "ztunnel", 12), (ComponentKinds.Sidecar, "shop-0", 13), (ComponentKinds.Workload, "faulttarget", 14)],
            result.Targets.Select(t => (t.Kind, t.Name, t.Pid)));
        Assert.Contains("not Envoy", result.Targets[2].Source);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "", "answered 404")]
    [InlineData(HttpStatusCode.OK, """{"pid":0,"component":"sidecar","name":"a"}""", "got pid 0")]
    [InlineData(HttpStatusCode.OK, """{"pid":5,"component":"envoy","name":"a"}""", "component 'envoy'")]
    [InlineData(HttpStatusCode.OK, "not json", "http://127.0.0.1:1/__process: ")]
    public async Task An_answer_that_is_not_a_process_is_a_problem_naming_the_url(HttpStatusCode status, string body, string words)
    {
        var result = await FetchAsync(new() { ["http://127.0.0.1:1/__process"] = (status, body) }, "http://127.0.0.1:1");

        Assert.Empty(result.Targets);
        Assert.Contains(words, Assert.Single(result.Problems));
    }

    [Fact]
    public async Task An_unreachable_process_is_a_problem()
    {
        var result = await FetchAsync([], "http://127.0.0.1:9");

        Assert.Equal("http://127.0.0.1:9/__process: Connection refused", Assert.Single(result.Problems));
    }
}

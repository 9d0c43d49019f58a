using AmbientVerify.TestSupport;
using System.Text.Json;
using AmbientVerify.Manifests;
using AmbientVerify.Probes.Audit;
using AmbientVerify.Probes.Cli;
using AmbientVerify.Probes.Expectations;
using AmbientVerify.Probes.Inspection;
using AmbientVerify.Probes.Running;
using AmbientVerify.Probes.Serving;
using AmbientVerify.Probes.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace AmbientVerify.Probes.Tests.Cli;

public class ServeCommandTests
{
    [Fact]
    public async Task Serve_runs_at_start_and_serves_the_report()
    {
        await using var gateway = await FakeGateway.StartAsync(Gateways.Honest);
        await using var pod = FakePod.Refusing();
        await using var ztunnel = await FakeDataplaneAdmin.ZtunnelAsync(MeshManifests.LoadDirectory(Repository.Sample("ambient")), pod);
        var expectations = new ExpectationOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(1), PerTryTimeout = TimeSpan.FromMilliseconds(300), Tolerance = TimeSpan.FromMilliseconds(250),
        };
        var settings = new RunSettings(gateway.Address, Repository.Sample("ambient"), null, MeshMode.Ambient, "local", expectations,
            new RunnerOptions { MaxRequestsPerSecond = 100 }, new DataplaneAdminOptions { Endpoints = [ztunnel.Address] });
        await using var app = ServeCommand.BuildApp(settings, new ServeOptions(), ["--urls", "http://127.0.0.1:0"]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var report = await PollReportAsync(http);

        Assert.Equal(0, report.GetProperty("counts").GetProperty("fail").GetInt32() + report.GetProperty("counts").GetProperty("error").GetInt32());
        Assert.True(report.GetProperty("counts").GetProperty("total").GetInt32() > 0);
    }

    private static async Task<JsonElement> PollReportAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync("/report", TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
            }

            // Real time here: serve runs real probes against a real loopback gateway.
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("/report never became available");
    }
}

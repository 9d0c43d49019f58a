using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.LoadTests.Bench;

/// <summary>
/// <c>target --port N</c>: a loopback HTTP/1.1 endpoint answering every request 200 with a 2-byte body, so the
/// benchmark measures the load generators (LoadTests, hey, wrk), not a backend.
/// </summary>
public static class BenchTarget
{
    public static Command Command()
    {
        var port = new Option<string?>("--port") { Description = "Loopback port to listen on (default 18080)" };
        var command = new Command("target", "Serve 200 \"ok\" on 127.0.0.1 for the benchmark script") { port };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var text = parsed.GetValue(port) ?? "18080";
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                await Console.Error.WriteLineAsync($"target: --port {text}: expected 1..65535").ConfigureAwait(false);
                return 2;
            }

            await using var app = Build(number);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"target: listening on http://127.0.0.1:{number}");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    public static WebApplication Build(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var body = "ok"u8.ToArray();
        app.Run(context =>
        {
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        });
        return app;
    }
}

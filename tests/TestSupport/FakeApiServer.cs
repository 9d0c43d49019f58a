using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.TestSupport;

/// <summary>
/// A Kubernetes API server on loopback that speaks the real API's JSON: objects as the API serves them
/// (<c>apiVersion</c>, <c>kind</c>, <c>metadata</c>) and refusals as a <c>Status</c> object with the HTTP code, as
/// <c>k8s.io/apimachinery/pkg/api/errors</c> writes them. It grows with the cluster target (issue 10); today it serves
/// Namespaces and can refuse every request with a given code.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _namespaces = new(StringComparer.Ordinal);

    private FakeApiServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>When set, every request is answered with this code and its Status (401, 403, …).</summary>
    public int? RefuseWith { get; set; }

    /// <summary>The Authorization header of the last request (to check a token is sent, never logged).</summary>
    public string? LastAuthorization { get; private set; }

    public void AddNamespace(string name, IReadOnlyDictionary<string, string> labels) => _namespaces[name] = labels;

    public static async Task<FakeApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeApiServer(app);
        app.Run(context => server.AnswerAsync(context));
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First());
        return server;
    }

    private Task AnswerAsync(HttpContext context)
    {
        LastAuthorization = context.Request.Headers.Authorization.ToString();
        var path = context.Request.Path.Value ?? "";
        if (RefuseWith is { } code)
        {
            return StatusAsync(context, code, code switch
            {
                401 => ("Unauthorized", "Unauthorized"),
                403 => ("Forbidden", $"namespaces \"{path.Split('/').Last()}\" is forbidden: User \"system:serviceaccount:ci:gate\" cannot get resource \"namespaces\" in API group \"\" at the cluster scope"),
                _ => ("InternalError", "an error on the server has prevented the request from succeeding"),
            });
        }

        const string namespaces = "/api/v1/namespaces/";
        if (path.StartsWith(namespaces, StringComparison.Ordinal) && path[namespaces.Length..] is var name && !name.Contains('/'))
        {
            if (!_namespaces.TryGetValue(name, out var labels))
            {
                return StatusAsync(context, 404, ("NotFound", $"namespaces \"{name}\" not found"));
            }

            var body = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value)))),
                },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            };
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(body.ToJsonString());
        }

        return StatusAsync(context, 404, ("NotFound", "the server could not find the requested resource"));
    }

    private static Task StatusAsync(HttpContext context, int code, (string Reason, string Message) status)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        var body = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = status.Message,
            ["reason"] = status.Reason,
            ["code"] = code,
        };
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

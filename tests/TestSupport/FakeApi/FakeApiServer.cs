using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmbientVerify.TestSupport.FakeApi;

/// <summary>
/// A Kubernetes API server on loopback that speaks the real API's JSON, for KubernetesClient to talk to in tests:
/// <list type="bullet">
/// <item>objects of every <see cref="ApiResource"/> in one store: get, list (label and field selectors, <c>resourceVersion</c>),
/// watch (<c>?watch=true</c>: the current objects as ADDED, then changes, one JSON event per line), create (409 when it
/// exists, 404 when its namespace does not), update, merge / strategic-merge / apply patch, delete, deletecollection,
/// and the <c>status</c> subresource;</item>
/// <item>discovery (<c>/api</c>, <c>/apis</c>, <c>/apis/{group}/{version}</c>) and <c>/version</c>;</item>
/// <item>refusals as a <c>Status</c> object with the HTTP code (<c>k8s.io/apimachinery/pkg/api/errors</c>): all of them
/// (<see cref="RefuseWith"/>), one verb on one resource (<see cref="Forbid"/>, with the authorizer's words), a missing
/// group (<see cref="RemoveGroup"/>: a CRD not installed);</item>
/// <item>any other path (pod proxy, <c>metrics.k8s.io</c> computed live) through <see cref="MapPrefix"/>.</item>
/// </list>
/// Every request is recorded as the authorizer sees it (<see cref="Requests"/>), for the RBAC contract test.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    /// <summary>The user the authorizer's 403 messages name.</summary>
    public const string User = "system:serviceaccount:ci:ambientverify";

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly List<ApiResource> _resources = [.. ApiResource.Defaults];
    private readonly ConcurrentQueue<ApiRequest> _requests = new();
    private readonly List<(ApiRequest Filter, int Code)> _refusals = [];
    private readonly List<(string Prefix, RequestDelegate Handler)> _prefixes = [];
    private readonly List<Channel<(string Type, JsonObject Object)>> _watchers = [];
    private long _resourceVersion = 1000;

    // Go's encoding/json writes quotes as \" and leaves < > & alone (SetEscapeHTML aside): messages read the same.
    private static readonly JsonSerializerOptions Wire = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private FakeApiServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>When set, every request is answered with this code and its Status (401, 403, 500, …).</summary>
    public int? RefuseWith { get; set; }

    /// <summary>When set, a request without <c>Authorization: Bearer {token}</c> is a 401.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>The Authorization header of the last request (to check a token is sent, never logged).</summary>
    public string? LastAuthorization { get; private set; }

    /// <summary>The <c>gitVersion</c> <c>/version</c> answers.</summary>
    public string KubernetesVersion { get; set; } = "v1.31.2";

    /// <summary>Every resource request so far, as the authorizer saw it.</summary>
    public IReadOnlyList<ApiRequest> Requests => [.. _requests];

    /// <summary>Called after each write that changed the store (type ADDED, MODIFIED or DELETED, and the object).</summary>
    public event Action<string, JsonObject>? Changed;

    public static async Task<FakeApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeApiServer(app);
        app.Run(server.AnswerAsync);
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First());
        return server;
    }

    // ---- seeding and looking -------------------------------------------------------------------------------

    public void AddNamespace(string name, IReadOnlyDictionary<string, string> labels) => Add(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = ToJson(labels) },
        ["status"] = new JsonObject { ["phase"] = "Active" },
    });

    /// <summary>Stores <paramref name="item"/> (replacing one of the same kind, namespace and name) with server-set metadata.</summary>
    /// <exception cref="ArgumentException">Its apiVersion/kind is not served.</exception>
    public JsonObject Add(JsonObject item)
    {
        var resource = ResourceOf(item) ?? throw new ArgumentException($"not served: {item["apiVersion"]} {item["kind"]}");
        lock (_gate)
        {
            Stamp(item, resource);
            var key = Key(resource, Namespace(item, resource), Name(item));
            var type = _objects.ContainsKey(key) ? "MODIFIED" : "ADDED";
            _objects[key] = item;
            Publish(type, item);
            return item;
        }
    }

    /// <summary>Stores every object of a multi-document YAML text (rendered manifests).</summary>
    public void AddYaml(string yaml)
    {
        foreach (var item in YamlToJson.Documents(yaml))
        {
            Add(item);
        }
    }

    /// <summary>Serves one more kind (a CRD's).</summary>
    public void AddResource(ApiResource resource)
    {
        lock (_gate)
        {
            _resources.Add(resource);
        }
    }

    /// <summary>Stops serving a group, as a cluster without that CRD: lists are 404 and discovery does not name it.</summary>
    public void RemoveGroup(string group)
    {
        lock (_gate)
        {
            _resources.RemoveAll(r => r.Group == group);
        }
    }

    /// <summary>The stored objects of one resource ("httproutes" in "gateway.networking.k8s.io"), optionally in one namespace.</summary>
    public IReadOnlyList<JsonObject> Objects(string group, string plural, string? ns = null)
    {
        lock (_gate)
        {
            return _objects.Where(o => o.Key.StartsWith($"{group}/{plural}/{(ns is null ? "" : ns + "/")}", StringComparison.Ordinal))
                .Select(o => (JsonObject)o.Value.DeepClone())
                .ToList();
        }
    }

    /// <summary>The stored object, or null.</summary>
    public JsonObject? Get(string group, string plural, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue($"{group}/{plural}/{ns ?? ""}/{name}", out var item) ? (JsonObject)item.DeepClone() : null;
        }
    }

    /// <summary>Changes a stored object in place (a controller writing status, a kubelet making pods ready); null if absent.</summary>
    public JsonObject? Update(string group, string plural, string? ns, string name, Action<JsonObject> change)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue($"{group}/{plural}/{ns ?? ""}/{name}", out var item))
            {
                return null;
            }

            change(item);
            item["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Publish("MODIFIED", item);
            return (JsonObject)item.DeepClone();
        }
    }

    /// <summary>Refuses <paramref name="verb"/> on <paramref name="resource"/> ("pods", "pods/proxy", "httproutes") in <paramref name="group"/> with a 403 and the authorizer's words.</summary>
    public void Forbid(string verb, string group, string resource)
    {
        var parts = resource.Split('/', 2);
        lock (_gate)
        {
            _refusals.Add((new ApiRequest(verb, group, "", parts[0], parts.Length > 1 ? parts[1] : null, null, null), 403));
        }
    }

    /// <summary>Answers every request whose path starts with <paramref name="prefix"/> with <paramref name="handler"/> (after refusals are applied).</summary>
    public void MapPrefix(string prefix, RequestDelegate handler)
    {
        lock (_gate)
        {
            _prefixes.Add((prefix, handler));
        }
    }

    // ---- answering -----------------------------------------------------------------------------------------

    private async Task AnswerAsync(HttpContext context)
    {
        LastAuthorization = context.Request.Headers.Authorization.ToString();
        var path = context.Request.Path.Value ?? "";
        var watch = context.Request.Query["watch"] is var w && (w == "true" || w == "1");
        var request = ApiRequest.Parse(context.Request.Method, path, watch);
        if (request is not null)
        {
            _requests.Enqueue(request);
        }

        if (RequiredToken is { } token && LastAuthorization != $"Bearer {token}")
        {
            await StatusAsync(context, 401, "Unauthorized", "Unauthorized");
            return;
        }

        if (RefuseWith is { } code)
        {
            await StatusAsync(context, code, code switch
            {
                401 => ("Unauthorized", "Unauthorized"),
                403 => ("Forbidden", ForbiddenMessage(request ?? new ApiRequest("get", "", "v1", "namespaces", null, null, path.Split('/').Last()))),
                404 => ("NotFound", "the server could not find the requested resource"),
                _ => ("InternalError", "an error on the server has prevented the request from succeeding"),
            });
            return;
        }

        if (request is not null && Refusal(request) is { } refused)
        {
            await StatusAsync(context, refused, "Forbidden", ForbiddenMessage(request));
            return;
        }

        RequestDelegate? mapped;
        lock (_gate)
        {
            mapped = _prefixes.FirstOrDefault(p => path.StartsWith(p.Prefix, StringComparison.Ordinal)).Handler;
        }

        if (mapped is not null)
        {
            await mapped(context);
            return;
        }

        switch (path.TrimEnd('/'))
        {
            case "/version":
                var minor = KubernetesVersion.Split('.')[1];
                await JsonAsync(context, 200, new JsonObject
                {
                    ["major"] = "1", ["minor"] = minor, ["gitVersion"] = KubernetesVersion, ["platform"] = "linux/amd64",
                });
                return;
            case "/api":
                await JsonAsync(context, 200, new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1") });
                return;
            case "/apis":
                await JsonAsync(context, 200, GroupList());
                return;
        }

        var segments = path.Trim('/').Split('/');
        (string Group, string Version)? groupVersion = segments switch
        {
            ["api", var coreVersion] => ("", coreVersion),
            ["apis", var g, var v] => (g, v),
            _ => null,
        };
        if (groupVersion is { } discovered)
        {
            var list = ResourceList(discovered.Group, discovered.Version);
            await (list is null ? NotFoundAsync(context) : JsonAsync(context, 200, list));
            return;
        }

        if (request is null)
        {
            await NotFoundAsync(context);
            return;
        }

        await ServeResourceAsync(context, request);
    }

    private async Task ServeResourceAsync(HttpContext context, ApiRequest request)
    {
        var resource = Resource(request.Group, request.Version, request.Resource);
        if (resource is null)
        {
            await NotFoundAsync(context);
            return;
        }

        if (request.Subresource is not null and not "status")
        {
            await NotFoundAsync(context);
            return;
        }

        var ns = resource.Namespaced ? request.Namespace : null;
        switch (request.Verb)
        {
            case "get":
                var found = Get(resource.Group, resource.Plural, ns, request.Name!);
                await (found is null ? ObjectNotFoundAsync(context, resource, request.Name!) : JsonAsync(context, 200, found));
                return;
            case "list":
                await JsonAsync(context, 200, List(resource, ns, context.Request.Query["labelSelector"], context.Request.Query["fieldSelector"]));
                return;
            case "watch":
                await WatchAsync(context, resource, ns);
                return;
            case "create":
                await CreateAsync(context, resource, ns);
                return;
            case "update":
            case "patch":
                await ChangeAsync(context, resource, ns, request);
                return;
            case "delete":
                await DeleteAsync(context, resource, ns, request.Name!);
                return;
            case "deletecollection":
                foreach (var item in List(resource, ns, context.Request.Query["labelSelector"], context.Request.Query["fieldSelector"])["items"]!.AsArray().OfType<JsonObject>())
                {
                    Remove(resource, Namespace(item, resource), Name(item));
                }

                await JsonAsync(context, 200, SuccessStatus(resource, null));
                return;
            default:
                await StatusAsync(context, 405, "MethodNotAllowed", $"the server does not allow this method on the requested resource");
                return;
        }
    }

    private JsonObject List(ApiResource resource, string? ns, string? labelSelector, string? fieldSelector)
    {
        List<JsonObject> items;
        string version;
        lock (_gate)
        {
            items = _objects.Values
                .Where(o => ResourceOf(o) is { } r && r.Group == resource.Group && r.Plural == resource.Plural)
                .Where(o => ns is null || Namespace(o, resource) == ns)
                .Where(o => LabelSelector.Matches(o, labelSelector, fieldSelector))
                .OrderBy(o => Namespace(o, resource), StringComparer.Ordinal).ThenBy(Name, StringComparer.Ordinal)
                .Select(o => (JsonObject)o.DeepClone())
                .ToList();
            version = _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new JsonObject
        {
            ["apiVersion"] = resource.ApiVersion,
            ["kind"] = resource.Kind + "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = version },
            ["items"] = new JsonArray([.. items]),
        };
    }

    private async Task WatchAsync(HttpContext context, ApiResource resource, string? ns)
    {
        var channel = Channel.CreateUnbounded<(string Type, JsonObject Object)>();
        string? labelSelector = context.Request.Query["labelSelector"], fieldSelector = context.Request.Query["fieldSelector"];
        lock (_gate)
        {
            _watchers.Add(channel);
        }

        try
        {
            context.Response.ContentType = "application/json";
            foreach (var item in List(resource, ns, labelSelector, fieldSelector)["items"]!.AsArray().OfType<JsonObject>())
            {
                await WriteEventAsync(context, "ADDED", item);
            }

            var seconds = int.TryParse(context.Request.Query["timeoutSeconds"], out var s) ? s : 30;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
            await foreach (var (type, item) in channel.Reader.ReadAllAsync(timeout.Token))
            {
                if (ResourceOf(item) is { } r && r.Group == resource.Group && r.Plural == resource.Plural
                    && (ns is null || Namespace(item, resource) == ns) && LabelSelector.Matches(item, labelSelector, fieldSelector))
                {
                    await WriteEventAsync(context, type, item);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The watch's timeout or the client going away ends it, as the API server does.
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonObject item)
    {
        await context.Response.WriteAsync(new JsonObject { ["type"] = type, ["object"] = item.DeepClone() }.ToJsonString(Wire) + "\n");
        await context.Response.Body.FlushAsync();
    }

    private async Task CreateAsync(HttpContext context, ApiResource resource, string? ns)
    {
        if (await ReadBodyAsync(context) is not { } item)
        {
            await StatusAsync(context, 400, "BadRequest", "the body of the request was in an unknown format");
            return;
        }

        item["apiVersion"] ??= resource.ApiVersion;
        item["kind"] ??= resource.Kind;
        var metadata = item["metadata"] as JsonObject ?? (JsonObject)(item["metadata"] = new JsonObject());
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        if (metadata["name"] is null && metadata["generateName"]?.GetValue<string>() is { } prefix)
        {
            metadata["name"] = prefix + Guid.NewGuid().ToString("N")[..5];
        }

        var name = Name(item);
        if (ns is not null && Get("", "namespaces", null, ns) is null)
        {
            await StatusAsync(context, 404, "NotFound", $"namespaces \"{ns}\" not found");
            return;
        }

        if (context.Request.Query["dryRun"] == "All")
        {
            await JsonAsync(context, 201, item);
            return;
        }

        lock (_gate)
        {
            if (_objects.ContainsKey(Key(resource, ns, name)))
            {
                item = null!;
            }
            else
            {
                Add(item);
            }
        }

        if (item is null)
        {
            await StatusAsync(context, 409, "AlreadyExists", $"{resource.QualifiedPlural} \"{name}\" already exists");
            return;
        }

        await JsonAsync(context, 201, (JsonObject)item.DeepClone());
    }

    private async Task ChangeAsync(HttpContext context, ApiResource resource, string? ns, ApiRequest request)
    {
        var body = await ReadBodyAsync(context);
        var contentType = context.Request.ContentType ?? "";
        if (body is null || contentType.Contains("json-patch", StringComparison.Ordinal))
        {
            await StatusAsync(context, 415, "UnsupportedMediaType", $"the fake API server takes merge, strategic-merge and apply patches only, not {contentType}");
            return;
        }

        var current = Get(resource.Group, resource.Plural, ns, request.Name!);
        var applying = contentType.Contains("apply-patch", StringComparison.Ordinal);
        if (current is null && !applying)
        {
            await ObjectNotFoundAsync(context, resource, request.Name!);
            return;
        }

        JsonObject result;
        if (request.Verb == "update")
        {
            result = request.Subresource == "status" && current is not null ? WithStatus(current, body["status"]) : body;
        }
        else
        {
            result = Merge(current ?? new JsonObject(), request.Subresource == "status" ? new JsonObject { ["status"] = body["status"]?.DeepClone() } : body);
        }

        result["apiVersion"] ??= resource.ApiVersion;
        result["kind"] ??= resource.Kind;
        var metadata = result["metadata"] as JsonObject ?? (JsonObject)(result["metadata"] = new JsonObject());
        metadata["name"] = request.Name;
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        await JsonAsync(context, current is null ? 201 : 200, (JsonObject)Add(result).DeepClone());
    }

    private async Task DeleteAsync(HttpContext context, ApiResource resource, string? ns, string name)
    {
        var deleted = Get(resource.Group, resource.Plural, ns, name);
        if (!Remove(resource, ns, name))
        {
            await ObjectNotFoundAsync(context, resource, name);
            return;
        }

        // Services and pods answer a delete with the deleted object (their stores set ReturnDeletedObject; the API's
        // OpenAPI, and so KubernetesClient's DeleteNamespacedServiceAsync / DeleteNamespacedPodAsync, type it V1Service /
        // V1Pod), the other kinds here with a Status (DeleteNamespacedDeploymentAsync: V1Status).
        await JsonAsync(context, 200, resource is { Group: "", Plural: "services" or "pods" } && deleted is not null ? deleted : SuccessStatus(resource, name));
    }

    private bool Remove(ApiResource resource, string? ns, string name)
    {
        lock (_gate)
        {
            if (!_objects.Remove(Key(resource, ns, name), out var item))
            {
                return false;
            }

            Publish("DELETED", item);
            return true;
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private void Publish(string type, JsonObject item)
    {
        var copy = (JsonObject)item.DeepClone();
        foreach (var watcher in _watchers)
        {
            watcher.Writer.TryWrite((type, (JsonObject)copy.DeepClone()));
        }

        Changed?.Invoke(type, copy);
    }

    private void Stamp(JsonObject item, ApiResource resource)
    {
        var metadata = item["metadata"] as JsonObject ?? (JsonObject)(item["metadata"] = new JsonObject());
        if (resource.Namespaced)
        {
            metadata["namespace"] ??= "default";
        }

        metadata["uid"] ??= Guid.NewGuid().ToString();
        metadata["creationTimestamp"] ??= DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        metadata["generation"] = (metadata["generation"]?.GetValue<long>() ?? 0) + 1;
        metadata["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private int? Refusal(ApiRequest request)
    {
        lock (_gate)
        {
            return _refusals.FirstOrDefault(r => r.Filter.Verb == request.Verb && r.Filter.Group == request.Group
                && r.Filter.Resource == request.Resource && r.Filter.Subresource == request.Subresource).Code is var code and > 0 ? code : null;
        }
    }

    // The words of k8s.io/apiserver's authorization filter (endpoints/handlers/responsewriters/errors.go).
    private static string ForbiddenMessage(ApiRequest request)
    {
        var what = request.Name is null ? request.ResourceWithSubresource : $"{request.ResourceWithSubresource} \"{request.Name}\"";
        var where = request.Namespace is null ? "at the cluster scope" : $"in the namespace \"{request.Namespace}\"";
        return $"{what} is forbidden: User \"{User}\" cannot {request.Verb} resource \"{request.ResourceWithSubresource}\" in API group \"{request.Group}\" {where}";
    }

    private JsonObject GroupList()
    {
        lock (_gate)
        {
            var groups = _resources.Where(r => r.Group.Length > 0).GroupBy(r => r.Group).Select(g =>
            {
                var versions = g.Select(r => r.Version).Distinct().Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{g.Key}/{v}", ["version"] = v }).ToArray();
                return (JsonNode)new JsonObject
                {
                    ["name"] = g.Key,
                    ["versions"] = new JsonArray(versions),
                    ["preferredVersion"] = versions[0].DeepClone(),
                };
            }).ToArray();
            return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = new JsonArray(groups) };
        }
    }

    private JsonObject? ResourceList(string group, string version)
    {
        lock (_gate)
        {
            var resources = _resources.Where(r => r.Group == group && r.Version == version).ToList();
            if (resources.Count == 0)
            {
                return null;
            }

            var verbs = new[] { "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch" };
            return new JsonObject
            {
                ["kind"] = "APIResourceList",
                ["apiVersion"] = "v1",
                ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
                ["resources"] = new JsonArray(resources.Select(r => (JsonNode)new JsonObject
                {
                    ["name"] = r.Plural,
                    ["singularName"] = r.Kind.ToLowerInvariant(),
                    ["namespaced"] = r.Namespaced,
                    ["kind"] = r.Kind,
                    ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
                }).ToArray()),
            };
        }
    }

    private ApiResource? Resource(string group, string version, string plural)
    {
        lock (_gate)
        {
            return _resources.FirstOrDefault(r => r.Group == group && r.Plural == plural && r.Version == version)
                   ?? _resources.FirstOrDefault(r => r.Group == group && r.Plural == plural);
        }
    }

    // By apiVersion's group and kind, any version: the store keeps one copy whichever version wrote it.
    private ApiResource? ResourceOf(JsonObject item)
    {
        var apiVersion = item["apiVersion"]?.GetValue<string>() ?? "";
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        var kind = item["kind"]?.GetValue<string>();
        lock (_gate)
        {
            return _resources.FirstOrDefault(r => r.Group == group && r.Kind == kind);
        }
    }

    private static string Key(ApiResource resource, string? ns, string name) => $"{resource.Group}/{resource.Plural}/{(resource.Namespaced ? ns : "")}/{name}";

    private static string? Namespace(JsonObject item, ApiResource resource) =>
        resource.Namespaced ? item["metadata"]?["namespace"]?.GetValue<string>() ?? "default" : null;

    private static string Name(JsonObject item) => item["metadata"]?["name"]?.GetValue<string>() ?? "";

    private static JsonObject WithStatus(JsonObject current, JsonNode? status)
    {
        current["status"] = status?.DeepClone();
        return current;
    }

    // RFC 7386 JSON merge patch (a strategic merge patch is read the same way here: lists are replaced).
    private static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchObject && target[key] is JsonObject targetObject)
            {
                Merge(targetObject, patchObject);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }

        return target;
    }

    private static async Task<JsonObject?> ReadBodyAsync(HttpContext context)
    {
        try
        {
            var text = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            if (context.Request.ContentType?.Contains("yaml", StringComparison.Ordinal) == true)
            {
                return YamlToJson.Documents(text).FirstOrDefault();
            }

            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject SuccessStatus(ApiResource resource, string? name) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject { ["name"] = name, ["group"] = resource.Group, ["kind"] = resource.Plural },
    };

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> map) =>
        new(map.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value))));

    private static Task ObjectNotFoundAsync(HttpContext context, ApiResource resource, string name) =>
        StatusAsync(context, 404, "NotFound", $"{resource.QualifiedPlural} \"{name}\" not found");

    private static Task NotFoundAsync(HttpContext context) =>
        StatusAsync(context, 404, "NotFound", "the server could not find the requested resource");

    private static Task JsonAsync(HttpContext context, int code, JsonObject body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(Wire));
    }

    /// <summary>A refusal as the API server writes it: a Status object with the code, reason and message.</summary>
    public static Task StatusAsync(HttpContext context, int code, string reason, string message) =>
        JsonAsync(context, code, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        });

    private static Task StatusAsync(HttpContext context, int code, (string Reason, string Message) status) =>
        StatusAsync(context, code, status.Reason, status.Message);

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

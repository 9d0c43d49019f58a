namespace AmbientVerify.LocalMesh.Tests.Conformance;

/// <summary>
/// RequestHeaderModifier and ResponseHeaderModifier as the Gateway API conformance suite checks them (v1.6.1
/// <c>httproute-request-header-modifier</c>, <c>httproute-response-header-modifier</c>): set overwrites, add appends,
/// remove deletes, names case-insensitively. Response headers come from the echo backend
/// (<c>X-Echo-Set-Header</c>, the suite's <c>BackendSetResponseHeaders</c>).
/// </summary>
public sealed class HeaderModifierConformanceTests(ConformanceGateways gateways) : IClassFixture<ConformanceGateways>
{
    /// <summary>The edits of each rule of the upstream manifests (request and response tests use the same ones).</summary>
    private static (string Prefix, string Modifier)[] Edits(string caseInsensitivityAdds) =>
    [
        ("/set", "{set: [{name: X-Header-Set, value: set-overwrites-values}]}"),
        ("/add", "{add: [{name: X-Header-Add, value: add-appends-values}]}"),
        ("/remove", "{remove: [X-Header-Remove]}"),
        ("/multiple", "{set: [{name: X-Header-Set-1, value: header-set-1}, {name: X-Header-Set-2, value: header-set-2}], "
            + "add: [{name: X-Header-Add-1, value: header-add-1}, {name: X-Header-Add-2, value: header-add-2}, {name: X-Header-Add-3, value: header-add-3}], "
            + "remove: [X-Header-Remove-1, X-Header-Remove-2]}"),
        ("/case-insensitivity", "{set: [{name: X-Header-Set, value: header-set}], "
            + $"add: [{{name: X-Header-Add, value: header-add}}{caseInsensitivityAdds}], remove: [X-Header-Remove]}}"),
    ];

    private static string Filter(string type, string modifier) => $"{{type: {type}, {char.ToLowerInvariant(type[0])}{type[1..]}: {modifier}}}";

    private static string Header(string name) =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: gateway-conformance-infra}}\n"
        + "spec:\n  parentRefs: [{name: same-namespace}]\n  rules:\n";

    /// <summary>Each rule's edits as a rule filter.</summary>
    private static string RuleLevel(string name, string type, string caseInsensitivityAdds = "") =>
        Header(name) + string.Concat(Edits(caseInsensitivityAdds).Select(e =>
            $"  - matches: [{{path: {{type: PathPrefix, value: {e.Prefix}}}}}]\n    filters: [{Filter(type, e.Modifier)}]\n"
            + "    backendRefs: [{name: infra-backend-v1, port: 8080}]\n"));

    private static readonly string RequestModifier = RuleLevel("request-header-modifier", "RequestHeaderModifier");

    /// <summary>
    /// <c>httproute-request-header-modifier-backend.yaml</c>: the same edits as a filter of the rule's one backendRef;
    /// plus (ours) a rule with edits at both levels. Istio appends a sole backend's edits to the rule's in one Envoy
    /// header parser (<c>route.go</c> <c>processDestination</c>), which removes before it adds (<c>header_parser.cc</c>).
    /// </summary>
    private static readonly string BackendRequestModifier = Header("request-header-modifier-backend")
        + string.Concat(Edits("").Select(e =>
            $"  - matches: [{{path: {{type: PathPrefix, value: {e.Prefix}}}}}]\n"
            + $"    backendRefs: [{{name: infra-backend-v1, port: 8080, filters: [{Filter("RequestHeaderModifier", e.Modifier)}]}}]\n"))
        + "  - matches: [{path: {type: PathPrefix, value: /both-levels}}]\n"
        + $"    filters: [{Filter("RequestHeaderModifier", "{set: [{name: X-Level, value: rule}], remove: [X-Gone]}")}]\n"
        + $"    backendRefs: [{{name: infra-backend-v1, port: 8080, filters: [{Filter("RequestHeaderModifier", "{set: [{name: X-Level, value: backend}], add: [{name: X-Gone, value: backend}]}")}]}}]\n";

    /// <summary>Index, path, headers sent, "Name: value" the backend must see ("Name: -" absent).</summary>
    public static readonly TheoryData<string, string, string, string> RequestModifierRows = new()
    {
        { "0", "/set", "Some-Other-Header: val", "Some-Other-Header: val; X-Header-Set: set-overwrites-values" },
        { "1", "/set", "Some-Other-Header: val; X-Header-Set: some-other-value", "Some-Other-Header: val; X-Header-Set: set-overwrites-values" },
        { "2", "/add", "Some-Other-Header: val", "Some-Other-Header: val; X-Header-Add: add-appends-values" },
        { "3", "/add", "Some-Other-Header: val; X-Header-Add: some-other-value", "Some-Other-Header: val; X-Header-Add: some-other-value,add-appends-values" },
        { "4", "/remove", "X-Header-Remove: val", "X-Header-Remove: -" },
        {
            "5", "/multiple", "X-Header-Set-2: set-val-2; X-Header-Add-2: add-val-2; X-Header-Remove-2: remove-val-2; Another-Header: another-header-val",
            "X-Header-Set-1: header-set-1; X-Header-Set-2: header-set-2; X-Header-Add-1: header-add-1; X-Header-Add-2: add-val-2,header-add-2; X-Header-Add-3: header-add-3; "
            + "Another-Header: another-header-val; X-Header-Remove-1: -; X-Header-Remove-2: -"
        },
        {
            "6", "/case-insensitivity", "x-header-set: original-val-set; x-header-add: original-val-add; x-header-remove: original-val-remove; Another-Header: another-header-val",
            "X-Header-Set: header-set; X-Header-Add: original-val-add,header-add; Another-Header: another-header-val; X-Header-Remove: -"
        },
        // Negative (ours): a rule's edits never leak into another rule's requests.
        { "-", "/remove", "X-Header-Set: mine", "X-Header-Set: mine; X-Header-Add: -" },
    };

    [Theory]
    [MemberData(nameof(RequestModifierRows))]
    public async Task HTTPRouteRequestHeaderModifier(string index, string path, string sent, string expected) =>
        await AssertRequestEditsAsync($"HTTPRouteRequestHeaderModifier/{index}", RequestModifier, path, sent, expected);

    [Theory]
    [MemberData(nameof(RequestModifierRows))]
    // Ours: the backendRef's set wins over the rule's, and the rule's remove does not undo the backendRef's add.
    [InlineData("-", "/both-levels", "X-Gone: client; X-Level: client", "X-Level: backend; X-Gone: backend")]
    public async Task HTTPRouteBackendRequestHeaderModifier(string index, string path, string sent, string expected) =>
        await AssertRequestEditsAsync($"HTTPRouteBackendRequestHeaderModifier/{index}", BackendRequestModifier, path, sent, expected);

    private async Task AssertRequestEditsAsync(string @case, string manifests, string path, string sent, string expected)
    {
        var gateway = await gateways.GetAsync(manifests);

        using var response = await gateway.SendAsync("GET", path, sent);

        var echoed = await ConformanceExpect.BackendAsync(@case, response, "infra-backend-v1");
        foreach (var (name, value) in ConformanceRequest.Headers(expected))
        {
            ConformanceExpect.RequestHeader(@case, echoed, name, value == "-" ? null : value);
        }
    }

    private static readonly string ResponseModifier = RuleLevel("response-header-modifier", "ResponseHeaderModifier",
            ", {name: x-lowercase-add, value: lowercase-add}, {name: x-Mixedcase-ADD-1, value: mixedcase-add-1}, "
            + "{name: X-mixeDcase-add-2, value: mixedcase-add-2}, {name: X-UPPERCASE-ADD, value: uppercase-add}")
        + "  - matches: [{path: {type: PathPrefix, value: /response-and-request-header-modifiers}}]\n    filters:\n"
        + "    - " + Filter("ResponseHeaderModifier", "{set: [{name: X-Header-Set-1, value: header-set-1}, {name: X-Header-Set-2, value: header-set-2}], "
            + "add: [{name: X-Header-Add-1, value: header-add-1}, {name: X-Header-Add-2, value: header-add-2}], remove: [X-Header-Remove-1, X-Header-Remove-2]}") + "\n"
        + "    - " + Filter("RequestHeaderModifier", "{set: [{name: X-Header-Set, value: set-overwrites-values}], "
            + "add: [{name: X-Header-Add, value: header-val-1}, {name: X-Header-Add-Append, value: header-val-2}], remove: [X-Header-Remove]}") + "\n"
        + "    backendRefs: [{name: infra-backend-v1, port: 8080}]\n";

    /// <param name="backendSets">What the backend answers with (X-Echo-Set-Header, "name:value,…").</param>
    /// <param name="expected">"Name: value" the client must get; "Name: -" must be absent.</param>
    [Theory]
    [InlineData("HTTPRouteResponseHeaderModifier/0", "/set", "Some-Other-Header:val", "Some-Other-Header: val; X-Header-Set: set-overwrites-values")]
    [InlineData("HTTPRouteResponseHeaderModifier/1", "/set", "Some-Other-Header:val,X-Header-Set:some-other-value", "Some-Other-Header: val; X-Header-Set: set-overwrites-values")]
    [InlineData("HTTPRouteResponseHeaderModifier/2", "/add", "Some-Other-Header:val", "Some-Other-Header: val; X-Header-Add: add-appends-values")]
    [InlineData("HTTPRouteResponseHeaderModifier/3", "/add", "Some-Other-Header:val,X-Header-Add:some-other-value", "Some-Other-Header: val; X-Header-Add: some-other-value,add-appends-values")]
    [InlineData("HTTPRouteResponseHeaderModifier/4", "/remove", "X-Header-Remove:val", "X-Header-Remove: -")]
    [InlineData("HTTPRouteResponseHeaderModifier/5", "/multiple", "X-Header-Set-2:set-val-2,X-Header-Add-2:add-val-2,X-Header-Remove-2:remove-val-2,Another-Header:another-header-val,X-Header-Remove-1:val",
        "X-Header-Set-1: header-set-1; X-Header-Set-2: header-set-2; X-Header-Add-1: header-add-1; X-Header-Add-2: add-val-2,header-add-2; X-Header-Add-3: header-add-3; "
        + "Another-Header: another-header-val; X-Header-Remove-1: -; X-Header-Remove-2: -")]
    [InlineData("HTTPRouteResponseHeaderModifier/6", "/case-insensitivity", "x-header-set:original-val-set,x-header-add:original-val-add,x-header-remove:original-val-remove,Another-Header:another-header-val",
        "X-Header-Set: header-set; X-Header-Add: original-val-add,header-add; X-Lowercase-Add: lowercase-add; X-Mixedcase-Add-1: mixedcase-add-1; "
        + "X-Mixedcase-Add-2: mixedcase-add-2; X-Uppercase-Add: uppercase-add; Another-Header: another-header-val; X-Header-Remove: -")]
    [InlineData("HTTPRouteResponseHeaderModifier/7", "/response-and-request-header-modifiers",
        "X-Header-Set-2:set-val-2,X-Header-Add-2:add-val-2,X-Header-Remove-2:remove-val-2,Another-Header:another-header-val,X-Header-Remove-1:remove-val-1,X-Header-Echo:echo",
        "X-Header-Set-1: header-set-1; X-Header-Set-2: header-set-2; X-Header-Add-1: header-add-1; X-Header-Add-2: add-val-2,header-add-2; "
        + "Another-Header: another-header-val; X-Header-Echo: echo; X-Header-Remove-1: -; X-Header-Remove-2: -")]
    // Negative (ours): a header the backend does not send is not invented by a remove or another rule's set.
    [InlineData("HTTPRouteResponseHeaderModifier/-", "/remove", "", "X-Header-Remove: -; X-Header-Set: -")]
    public async Task HTTPRouteResponseHeaderModifier(string @case, string path, string backendSets, string expected)
    {
        var gateway = await gateways.GetAsync(ResponseModifier);
        var sent = "X-Header-Remove: remove-val; X-Header-Add-Append: append-val-1; X-Header-Echo: echo";

        using var response = await gateway.SendAsync("GET", path, $"{sent}; X-Echo-Set-Header: {backendSets}");

        var echoed = await ConformanceExpect.BackendAsync(@case, response, "infra-backend-v1");
        foreach (var (name, value) in ConformanceRequest.Headers(expected))
        {
            ConformanceExpect.ResponseHeader(@case, response, name, value == "-" ? null : value);
        }

        if (path == "/response-and-request-header-modifiers")
        {
            ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Add", "header-val-1");
            ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Set", "set-overwrites-values");
            ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Add-Append", "append-val-1,header-val-2");
            ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Echo", "echo");
            ConformanceExpect.RequestHeader(@case, echoed, "X-Header-Remove", null);
        }
    }
}

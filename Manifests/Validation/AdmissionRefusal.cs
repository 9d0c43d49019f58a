namespace AmbientVerify.Manifests.Validation;

/// <summary>Who refuses an object applied to a cluster, in the order the API server asks them.</summary>
public enum Refuser
{
    /// <summary>The API server, by the CRD's OpenAPI schema and CEL rules (before any admission webhook).</summary>
    CrdSchema,

    /// <summary>Istio's validating webhook <c>validation.istio.io</c> (istiod).</summary>
    IstioWebhook,
}

/// <summary>One refusal of an object a cluster would not store.</summary>
/// <param name="Source">"file.yaml:line" of the stanza (or of the object when the stanza's line is unknown).</param>
/// <param name="Object">"VirtualService ns/name".</param>
/// <param name="Field">The field path, e.g. "spec.http[0].retries".</param>
/// <param name="Message">The refuser's own words for this error.</param>
public sealed record AdmissionRefusal(string Source, string Object, string Field, Refuser By, string Message)
{
    /// <summary>The whole line as a cluster would say it.</summary>
    public override string ToString() => By switch
    {
        Refuser.IstioWebhook =>
            $"{Source}: {Object}: {Field}: admission webhook \"validation.istio.io\" denied the request: configuration is invalid: {Message}",
        _ => $"{Source}: {Object}: the API server refuses it (CRD validation): {Message}",
    };
}

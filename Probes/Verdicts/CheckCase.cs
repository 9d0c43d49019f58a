using System.Text.RegularExpressions;

namespace AmbientVerify.Probes.Verdicts;

/// <summary>
/// One case of a check (an audit rule, a capture or mTLS requirement): a stable id that reports, JUnit, metrics and
/// tests key on, beside the sentence people read. Rewording the sentence must never change the id.
/// </summary>
/// <param name="Id">Kebab-case, unique within its check: "namespace-labelled-ambient".</param>
/// <param name="Sentence">"namespace is labelled istio.io/dataplane-mode=ambient".</param>
public sealed partial record CheckCase(string Id, string Sentence)
{
    public string Id { get; init => field = ThrowIfInvalidId(value); } = ThrowIfInvalidId(Id);

    /// <summary>Lower-case letters and digits in words joined by single hyphens: "status-500-retried-until-success".</summary>
    public static bool IsValidId(string id) => KebabCase().IsMatch(id);

    /// <returns><paramref name="id"/>, when it is a valid id.</returns>
    /// <exception cref="ArgumentException">It is not kebab-case.</exception>
    public static string ThrowIfInvalidId(string id) => IsValidId(id)
        ? id
        : throw new ArgumentException($"case id '{id}' is not kebab-case (lower-case letters and digits joined by single hyphens)", nameof(id));

    public override string ToString() => $"{Id}: {Sentence}";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace AmbientVerify.Manifests;

/// <summary>
/// Kubernetes resource quantities (k8s.io/apimachinery <c>resource.Quantity</c>): a non-negative decimal number and
/// one suffix: binary <c>Ki Mi Gi Ti Pi Ei</c>, decimal <c>n u m k M G T P E</c> (kilo is lower-case <c>k</c>; Kubernetes
/// refuses <c>K</c>), or an exponent <c>e3</c> / <c>E-2</c>. CPU reads as cores ("250m" → 0.25), memory as bytes rounded
/// up, as <c>Quantity.Value()</c> does ("1.5Ki" → 1536, "1e3" → 1000).
/// </summary>
public static partial class Quantities
{
    public const string ExpectedCpu = "expected a CPU quantity, e.g. 250m, 1, 0.5";
    public const string ExpectedMemory = "expected a memory quantity, e.g. 128Mi, 1Gi, 500M, 1e9";

    /// <summary>Cores, or false when <paramref name="text"/> is not a non-negative quantity.</summary>
    public static bool TryParseCpu(string? text, out double cores)
    {
        cores = 0;
        if (!TryParse(text, out var value))
        {
            return false;
        }

        cores = (double)value;
        return true;
    }

    /// <summary>Bytes (rounded up to a whole byte), or false when <paramref name="text"/> is not a non-negative quantity.</summary>
    public static bool TryParseMemory(string? text, out long bytes)
    {
        bytes = 0;
        if (!TryParse(text, out var value) || value > long.MaxValue)
        {
            return false;
        }

        bytes = (long)decimal.Ceiling(value);
        return true;
    }

    /// <exception cref="ManifestException">Not a CPU quantity; the message names <paramref name="where"/> (file:line, object, field).</exception>
    public static double ParseCpu(string text, string where) =>
        TryParseCpu(text, out var cores) ? cores : throw new ManifestException(NotAQuantity(text, where, ExpectedCpu));

    /// <exception cref="ManifestException">Not a memory quantity; the message names <paramref name="where"/>.</exception>
    public static long ParseMemory(string text, string where) =>
        TryParseMemory(text, out var bytes) ? bytes : throw new ManifestException(NotAQuantity(text, where, ExpectedMemory));

    public static string NotAQuantity(string text, string where, string expected) =>
        text.EndsWith('K') && QuantityPattern().IsMatch(text[..^1] + "k")
            ? $"{where} '{text}' is not a Kubernetes quantity: the decimal kilo is lower-case k (e.g. {text[..^1]}k), or use Ki ({expected})"
            : $"{where} '{text}' is not a Kubernetes quantity ({expected})";

    private static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (text is null || QuantityPattern().Match(text) is not { Success: true } match)
        {
            return false;
        }

        if (!decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        try
        {
            value = number * Multiplier(match.Groups["suffix"].Value);
        }
        catch (OverflowException)
        {
            return false;
        }

        return value >= 0;
    }

    private static decimal Multiplier(string suffix) => suffix switch
    {
        "" => 1m,
        "Ki" => 1024m,
        "Mi" => 1024m * 1024,
        "Gi" => 1024m * 1024 * 1024,
        "Ti" => 1024m * 1024 * 1024 * 1024,
        "Pi" => 1024m * 1024 * 1024 * 1024 * 1024,
        "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
        "n" => 1e-9m,
        "u" => 1e-6m,
        "m" => 1e-3m,
        "k" => 1e3m,
        "M" => 1e6m,
        "G" => 1e9m,
        "T" => 1e12m,
        "P" => 1e15m,
        "E" => 1e18m,
        // e/E exponent (the pattern allows at most 3 digits).
        _ => Power10(int.Parse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
    };

    private static decimal Power10(int exponent)
    {
        if (exponent is > 28 or < -28)
        {
            throw new OverflowException();
        }

        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result = exponent > 0 ? result * 10 : result / 10;
        }

        return result;
    }

    // apimachinery's grammar: <signedNumber><suffix>; a number is digits, digits. , .digits or digits.digits.
    [GeneratedRegex(@"^(?<number>[+-]?(\d+(\.\d*)?|\.\d+))(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]?|[eE][+-]?\d{1,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityPattern();
}

using System.Globalization;

namespace AmbientVerify.Probes.Resources;

/// <summary>How amounts are written in reports: memory in Mi (Kubernetes' unit of the defaults), CPU in millicores.</summary>
public static class ResourceText
{
    public const long Mi = 1024 * 1024;

    /// <summary>"128 Mi", "468 Mi", "1.5 Mi"; "—" when null.</summary>
    public static string Memory(long? bytes) => bytes switch
    {
        null => "—",
        var b when b % Mi == 0 => string.Create(CultureInfo.InvariantCulture, $"{b / Mi} Mi"),
        var b => string.Create(CultureInfo.InvariantCulture, $"{b / (double)Mi:0.##} Mi"),
    };

    /// <summary>"100m", "1800m", "2.5m"; "—" when null.</summary>
    public static string Cpu(double? cores) => cores switch
    {
        null => "—",
        var c => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(c.Value * 1000, 1):0.#}m"),
    };

    public static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000:0.##} ms");

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace AmbientVerify.FaultTarget.Faults;

/// <summary>
/// Reads a <see cref="FaultInstruction"/> from a query string. Anything malformed is refused with a message that
/// names the parameter: a probe with a typo must see a 400, never a silently ignored fault.
/// </summary>
public static class FaultInstructionParser
{
    public const string Uuid = "uuid";
    public const string ResponseCode = "responseCode";
    public const string SucceedAfter = "succeedAfter";
    public const string Delay = "delay";
    public const string DelayTries = "delayTries";
    public const string Reset = "reset";

    /// <summary>Every parameter of the protocol.</summary>
    public static readonly IReadOnlyList<string> Parameters = [Uuid, ResponseCode, SucceedAfter, Delay, DelayTries, Reset];

    /// <summary>Uuids are kept in memory: a bound on their length is part of bounding the state.</summary>
    public const int MaxUuidLength = 128;

    // 1xx are not final responses: Kestrel cannot answer a request with one, so they are refused up front.
    private const int LowestResponseCode = 200;
    private const int HighestResponseCode = 599;

    /// <summary>Whether the query carries any parameter of the protocol (well-formed or not).</summary>
    public static bool Carries(IQueryCollection query) => Parameters.Any(query.ContainsKey);

    public static bool TryParse(IQueryCollection query, out FaultInstruction instruction, out string error)
    {
        instruction = FaultInstruction.None;
        error = "";
        try
        {
            var uuid = Single(query, Uuid);
            if (uuid is { Length: 0 or > MaxUuidLength })
            {
                throw new FormatException($"{Uuid} must have 1 to {MaxUuidLength} characters.");
            }
            var responseCode = Integer(query, ResponseCode, LowestResponseCode, HighestResponseCode);
            var succeedAfter = Integer(query, SucceedAfter, 0, int.MaxValue);
            var delay = Duration(query, Delay);
            var delayTries = Range(query, DelayTries);
            var reset = Integer(query, Reset, 0, int.MaxValue);

            // A lone modifier means the probe forgot the parameter it modifies.
            if (succeedAfter is not null && responseCode is null)
            {
                throw new FormatException($"{SucceedAfter} needs {ResponseCode}.");
            }
            if (delayTries is not null && delay is null)
            {
                throw new FormatException($"{DelayTries} needs {Delay}.");
            }

            instruction = new FaultInstruction(uuid, responseCode, succeedAfter, delay, delayTries, reset);
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out StringValues values))
        {
            return null;
        }
        if (values.Count != 1)
        {
            throw new FormatException($"{name} is given {values.Count} times; give it once.");
        }
        return values[0] ?? "";
    }

    private static int? Integer(IQueryCollection query, string name, int lowest, int highest)
    {
        if (Single(query, name) is not { } text)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < lowest || value > highest)
        {
            var range = highest == int.MaxValue ? $"a whole number >= {lowest}" : $"a whole number from {lowest} to {highest}";
            throw new FormatException($"{name} must be {range}, was '{text}'.");
        }
        return value;
    }

    private static TimeSpan? Duration(IQueryCollection query, string name)
    {
        if (Single(query, name) is not { } text)
        {
            return null;
        }
        return DurationParser.TryParse(text, out var duration)
            ? duration
            : throw new FormatException($"{name} must be a duration such as 5s, 500ms, 1m30s or 0.5s, was '{text}'.");
    }

    private static TryRange? Range(IQueryCollection query, string name)
    {
        if (Single(query, name) is not { } text)
        {
            return null;
        }
        return TryRange.TryParse(text, out var range)
            ? range
            : throw new FormatException($"{name} must be a try number or a range of them such as 2 or 1-3 (1-based), was '{text}'.");
    }
}

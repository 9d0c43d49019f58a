namespace AmbientVerify.FaultTarget.Faults;

/// <summary>A 1-based inclusive range of try numbers, written <c>2</c> or <c>1-3</c> in <c>delayTries</c>.</summary>
public readonly record struct TryRange(int First, int Last)
{
    public bool Contains(int tryNumber) => tryNumber >= First && tryNumber <= Last;

    public static bool TryParse(string? text, out TryRange range)
    {
        range = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var dash = text.IndexOf('-');
        var firstText = dash < 0 ? text : text[..dash];
        var lastText = dash < 0 ? text : text[(dash + 1)..];
        if (!TryParsePositive(firstText, out var first) || !TryParsePositive(lastText, out var last) || last < first)
        {
            return false;
        }
        range = new TryRange(first, last);
        return true;
    }

    public override string ToString() => First == Last ? $"{First}" : $"{First}-{Last}";

    private static bool TryParsePositive(string text, out int value) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value)
        && value >= 1;
}

namespace AmbientVerify.Probes.Reporting;

/// <summary>
/// Free text (a message, a path, a component's name or note) made safe for one cell of a Markdown pipe table: a
/// <c>|</c> would end the cell and shift every column after it, a line break would end the row.
/// </summary>
public static class MarkdownCell
{
    public static string Of(string? text) => (text ?? "").Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}

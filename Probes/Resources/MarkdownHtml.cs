using Markdig;
using Markdig.Parsers.Inlines;

namespace AmbientVerify.Probes.Resources;

/// <summary>
/// The harness's own markdown (compare.md) as HTML: pipe tables become &lt;table&gt;, headings, lists, quotes, bold and
/// code as CommonMark says, and nothing from the text can become markup. compare.md carries names read from manifests
/// and clusters, so: no raw HTML (Markdig's <c>DisableHtml</c> removes the HTML block parser and turns off HTML in the
/// autolink parser, src/Markdig/MarkdownExtensions.cs: a <c>&lt;script&gt;</c> stays text, and the renderer escapes
/// text), and no links at all (the link and autolink parsers are removed: compare.md has none, and a name like
/// <c>[x](javascript:...)</c> must not become one). Not <c>UseAdvancedExtensions</c>: its generic attributes would let
/// <c>{onclick=...}</c> in a name reach an element.
/// </summary>
public static class MarkdownHtml
{
    private static readonly MarkdownPipeline Pipeline = Build();

    public static string ToHtml(string markdown) => Markdown.ToHtml(markdown, Pipeline);

    private static MarkdownPipeline Build()
    {
        var builder = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml();
        builder.InlineParsers.TryRemove<LinkInlineParser>();
        builder.InlineParsers.TryRemove<AutolinkInlineParser>();
        return builder.Build();
    }
}

using Microsoft.Playwright;

namespace AmbientVerify.TestSupport.Browser;

/// <summary>A page open in <see cref="HeadlessChromium"/>; disposing closes the browser and deletes the page's scratch directory.</summary>
public sealed class BrowserPage(IPlaywright playwright, IBrowser browser, IPage page, string? scratchDirectory) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    /// <summary>Uncaught page errors and console errors, in order.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>A full-page screenshot at <paramref name="path"/> (its directory is created).</summary>
    public async Task ScreenshotAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
        if (scratchDirectory is not null)
        {
            Directory.Delete(scratchDirectory, recursive: true);
        }
    }
}

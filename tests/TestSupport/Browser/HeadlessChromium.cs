using Microsoft.Playwright;

namespace AmbientVerify.TestSupport.Browser;

/// <summary>
/// Opens a page in headless Chromium, Debian's /usr/bin/chromium driven by Playwright: no browser download, no sandbox
/// (tests run as root in CI containers). Page errors and console errors are collected on the <see cref="BrowserPage"/>.
/// </summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>Writes <paramref name="html"/> to a temp <paramref name="fileName"/> and opens it from file:// with the network off.</summary>
    public static async Task<BrowserPage> OpenHtmlAsync(string html, string fileName, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("html-report").FullName;
        var file = Path.Combine(directory, fileName);
        await File.WriteAllTextAsync(file, html, cancellationToken);
        return await OpenAsync(new Uri(file), offline: true, directory);
    }

    /// <summary>Opens <paramref name="url"/> (a loopback server's page: every other address is the sandbox's fake 404 server).</summary>
    /// <param name="width">The window's width: wide pages (the Aspire dashboard's grid) cut their columns in a narrow one.</param>
    public static Task<BrowserPage> OpenUrlAsync(Uri url, int width = DefaultWidth) => OpenAsync(url, offline: false, scratchDirectory: null, width);

    private const int DefaultWidth = 1280;

    private static async Task<BrowserPage> OpenAsync(Uri url, bool offline, string? scratchDirectory, int width = DefaultWidth)
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException($"{Executable} is missing: install the Debian package chromium (.ci/run does)", Executable);
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Executable, Headless = true, Args = ["--no-sandbox"] });
        var context = await browser.NewContextAsync(new() { Offline = offline, ViewportSize = new() { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        var open = new BrowserPage(playwright, browser, page, scratchDirectory);
        page.PageError += (_, error) => open.Errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                open.Errors.Add(message.Text);
            }
        };
        await page.GotoAsync(url.AbsoluteUri);
        return open;
    }
}

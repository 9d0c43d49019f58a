using System.Text;

namespace AmbientVerify.Probes.Tests.Cli;

/// <summary>
/// What a verb wrote to stdout and stderr, for the assertions that no token is printed. Console is process-wide: the
/// audit tests run one at a time (one class), and output of other classes written meanwhile only adds text.
/// </summary>
internal static class AuditConsole
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static async Task<(int ExitCode, string Console)> RunAsync(Func<Task<int>> run)
    {
        await OneAtATime.WaitAsync(TestContext.Current.CancellationToken);
        var (output, error) = (Console.Out, Console.Error);
        var captured = new StringWriter(new StringBuilder());
        var synchronized = TextWriter.Synchronized(captured);
        try
        {
            Console.SetOut(synchronized);
            Console.SetError(synchronized);
            var exitCode = await run();
            return (exitCode, captured.ToString());
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
            OneAtATime.Release();
        }
    }
}

using System.Diagnostics;
using System.Text;

namespace AmbientVerify.TestSupport.Prometheus;

/// <summary>
/// A Debian-packaged server (prometheus, prometheus-pushgateway) run for one test: on a free loopback port, with a
/// scratch directory of its own, ready once <c>/-/ready</c> answers 200. Disposing kills it and deletes the directory,
/// so nothing is left behind, also when the test failed. A binary that is not installed is an error that says which
/// Debian package to install: these tests never skip and never pass without the real server.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private ServerProcess(Process process, StringBuilder output, Uri address, string directory)
    {
        _process = process;
        _output = output;
        Address = address;
        Directory = directory;
    }

    /// <summary>http://127.0.0.1:&lt;port&gt;/.</summary>
    public Uri Address { get; }

    /// <summary>The scratch directory (config, storage), deleted on dispose.</summary>
    public string Directory { get; }

    /// <summary>What the server wrote to stdout and stderr so far (for a failing test's message).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="binary">The program's name, looked for in /usr/bin and on PATH.</param>
    /// <param name="package">The Debian package that installs it.</param>
    /// <param name="arguments">The command line, given the listen address ("127.0.0.1:port") and the scratch directory.</param>
    /// <param name="prepare">Writes what the server reads (its config) into the scratch directory before it starts.</param>
    public static async Task<ServerProcess> StartAsync(string binary, string package, Func<string, string, IEnumerable<string>> arguments,
        Action<string>? prepare, CancellationToken cancellationToken)
    {
        var path = DebianBinary.Require(binary, package);
        var failures = new List<string>();
        // A free port can be taken between choosing it and the server binding it: a server that exits early gets another.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var directory = System.IO.Directory.CreateTempSubdirectory($"ambientverify-{binary}-").FullName;
            ServerProcess? server = null;
            try
            {
                prepare?.Invoke(directory);
                var listen = $"127.0.0.1:{LoopbackPorts.Free()}";
                server = Start(path, arguments(listen, directory), new Uri($"http://{listen}/"), directory);
                if (await server.WaitReadyAsync(cancellationToken).ConfigureAwait(false))
                {
                    return server;
                }

                failures.Add($"attempt {attempt}: {binary} exited with {server._process.ExitCode}: {Tail(server.Output)}");
            }
            catch
            {
                if (server is not null)
                {
                    await server.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    DeleteDirectory(directory);
                }

                throw;
            }

            await server.DisposeAsync().ConfigureAwait(false);
        }

        throw new InvalidOperationException($"{binary} did not start: " + string.Join(Environment.NewLine, failures));
    }

    private static ServerProcess Start(string path, IEnumerable<string> arguments, Uri address, string directory)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        void Append(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, output, address, directory);
    }

    /// <summary>True once /-/ready answers 200; false when the process exited first.</summary>
    private async Task<bool> WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, "/-/ready"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One poll timed out; poll again.
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"{_process.StartInfo.FileName} was not ready at {Address}-/ready within {ReadyTimeout.TotalSeconds:0} s: {Tail(Output)}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(exit.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // It never started.
        }
        finally
        {
            _process.Dispose();
            DeleteDirectory(Directory);
        }
    }

    private static void DeleteDirectory(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    private static string Tail(string output) => output.Length <= 2000 ? output : "…" + output[^2000..];
}

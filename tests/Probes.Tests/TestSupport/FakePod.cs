using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AmbientVerify.Probes.Tests.TestSupport;

/// <summary>
/// A plaintext "pod address" on 127.0.0.1:0, as a dataplane publishes it: it either answers any request with
/// HTTP 200 (PERMISSIVE: plaintext passed to the app) or accepts and closes at once (STRICT: refused).
/// </summary>
internal sealed class FakePod : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private FakePod(bool answers)
    {
        _listener.Start();
        _loop = AcceptAsync(answers);
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static FakePod Refusing() => new(answers: false);

    public static FakePod Answering() => new(answers: true);

    private async Task AcceptAsync(bool answers)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                if (answers)
                {
                    var stream = client.GetStream();
                    _ = await stream.ReadAsync(new byte[1024], _stop.Token);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), _stop.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (IOException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}

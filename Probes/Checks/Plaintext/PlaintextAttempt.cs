using System.Net.Sockets;
using System.Text;

namespace AmbientVerify.Probes.Checks.Plaintext;

/// <summary>What came of one plaintext request to a pod address.</summary>
public abstract record PlaintextAttempt
{
    /// <summary>The pod answered over plaintext; <paramref name="StatusLine"/> is its first line.</summary>
    public sealed record Answered(string StatusLine) : PlaintextAttempt;

    /// <summary>Accepted, then closed or reset, or held open, without an HTTP answer: the dataplane refused it.</summary>
    public sealed record Refused(string How) : PlaintextAttempt;

    /// <summary>Nothing could be decided (nobody listens, connect timed out).</summary>
    public sealed record CouldNotLook(string Why) : PlaintextAttempt;

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>, sends a plain GET and reads the first line.</summary>
    public static async Task<PlaintextAttempt> TryAsync(string host, int port, PlaintextOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var connectTimeout = new CancellationTokenSource(options.ConnectTimeout, time);
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimeout.Token);
            await client.ConnectAsync(host, port, connecting.Token).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            // A ztunnel or sidecar accepts and then drops what it refuses; a refused connect means nothing listens.
            return new CouldNotLook($"connection refused at {host}:{port}: nothing listens at the address the dataplane published");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The listener accepted and reset at once, before the connect call returned: a refusal, as below.
            return new Refused("accepted, then reset before anything was sent");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CouldNotLook($"connecting to {host}:{port} took longer than {options.ConnectTimeout.TotalSeconds:0.##}s");
        }
        catch (SocketException e)
        {
            return new CouldNotLook($"connecting to {host}:{port} failed: {e.Message}");
        }

        using var answerTimeout = new CancellationTokenSource(options.AnswerTimeout, time);
        using var answering = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, answerTimeout.Token);
        try
        {
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(PlaintextConstants.Request($"{host}:{port}")), answering.Token).ConfigureAwait(false);
            var buffer = new byte[512];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), answering.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
                if (Array.IndexOf(buffer, (byte)'\n', 0, read) >= 0)
                {
                    break;
                }
            }

            var text = Encoding.ASCII.GetString(buffer, 0, read);
            if (text.StartsWith(PlaintextConstants.HttpAnswerPrefix, StringComparison.Ordinal))
            {
                return new Answered(text.Split('\n')[0].Trim());
            }

            return read == 0
                ? new Refused("accepted, then closed without an answer")
                : new Refused($"closed after {read} bytes that are not an HTTP answer");
        }
        catch (IOException)
        {
            return new Refused("accepted, then reset without an answer");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Refused($"held open without an answer for {options.AnswerTimeout.TotalSeconds:0.##}s");
        }
    }
}

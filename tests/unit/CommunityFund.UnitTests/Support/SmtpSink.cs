using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CommunityFund.UnitTests.Support;

/// <summary>A loopback SMTP server that speaks just enough of RFC 5321 to receive messages from a real client.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public List<(string From, List<string> To, string Data)> Messages { get; } = [];
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public SmtpSink()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            using (client) await ServeAsync(client.GetStream());
        }
    }

    private async Task ServeAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8); // 8BITMIME is advertised, so bodies may be raw UTF-8
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 sink ESMTP");
        string from = "";
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO": await writer.WriteLineAsync("250-sink\r\n250 8BITMIME"); break;
                case "HELO": await writer.WriteLineAsync("250 sink"); break;
                case "MAIL": from = Address(line); await writer.WriteLineAsync("250 OK"); break;
                case "RCPT": to.Add(Address(line)); await writer.WriteLineAsync("250 OK"); break;
                case "DATA":
                    await writer.WriteLineAsync("354 go ahead");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } d && d != ".") data.AppendLine(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d);
                    lock (Messages) Messages.Add((from, to.ToList(), data.ToString()));
                    await writer.WriteLineAsync("250 queued");
                    break;
                case "QUIT": await writer.WriteLineAsync("221 bye"); return;
                default: await writer.WriteLineAsync("250 OK"); break;
            }
        }
    }

    /// <summary>"MAIL FROM:&lt;a@b&gt; BODY=8BITMIME" → "a@b".</summary>
    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal) + 1;
        return line[start..line.IndexOf('>', start)];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using DistrictPerf.IntegrationTests.Infrastructure;
using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Alerts.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.Alerts;

/// <summary>The e-mail outbox against a real (minimal) SMTP server on 127.0.0.1: each notification is mailed once.</summary>
[Collection(ApiCollection.Name)]
public sealed class EmailOutboxTests(AppFixture app)
{
    [Fact]
    public async Task PendingNotifications_AreMailedOnce_EvenWhenDispatchRunsTwice()
    {
        using var smtp = new TinySmtpServer();
        var options = app.Services.GetRequiredService<SmtpOptions>();
        var bureau = await app.CreateBureauAsync();
        var userId = (await bureau.AddUserAsync("mailed", "BureauEditor")).Id;
        var key = "test:" + Guid.NewGuid().ToString("N");
        await app.WithDbAsync(async db =>
        {
            db.Add(new Notification { UserId = userId, DedupeKey = key, Title = "红色预警", Body = "请加快支出进度", CreatedAt = DateTime.UtcNow, EmailTo = "mailed@example.gov.cn" });
            return await db.SaveChangesAsync();
        }, bureau.Id);

        options.Host = "127.0.0.1";
        options.Port = smtp.Port;
        options.Security = "None";
        try
        {
            await Dispatch();
            await Dispatch();
        }
        finally
        {
            options.Host = null;
        }

        smtp.Messages.Count(m => m.Contains("mailed@example.gov.cn", StringComparison.Ordinal)).ShouldBe(1);
        var row = await app.WithDbAsync(db => db.Set<Notification>().IgnoreQueryFilters().SingleAsync(n => n.DedupeKey == key));
        row.EmailSentAt.ShouldNotBeNull();
        row.EmailAttempts.ShouldBe(1);
    }

    private async Task Dispatch()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EmailOutbox>().DispatchAsync();
    }

    /// <summary>Just enough SMTP (RFC 5321) to accept messages on a loopback port and keep them.</summary>
    private sealed class TinySmtpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public TinySmtpServer()
        {
            _listener.Start();
            _ = Task.Run(AcceptLoop);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public System.Collections.Concurrent.ConcurrentBag<string> Messages { get; } = [];

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                _ = Task.Run(() => Serve(client));
            }
        }

        private async Task Serve(TcpClient client)
        {
            using var _ = client;
            using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 tiny ESMTP");
            var envelope = new StringBuilder();
            while (await reader.ReadLineAsync() is { } line)
            {
                var command = line.ToUpperInvariant();
                if (command.StartsWith("EHLO", StringComparison.Ordinal) || command.StartsWith("HELO", StringComparison.Ordinal))
                {
                    await writer.WriteLineAsync("250 tiny");
                }
                else if (command.StartsWith("MAIL FROM", StringComparison.Ordinal) || command.StartsWith("RCPT TO", StringComparison.Ordinal))
                {
                    envelope.AppendLine(line);
                    await writer.WriteLineAsync("250 OK");
                }
                else if (command == "DATA")
                {
                    await writer.WriteLineAsync("354 go on");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } body && body != ".")
                    {
                        data.AppendLine(body);
                    }

                    Messages.Add(envelope + data.ToString());
                    envelope.Clear();
                    await writer.WriteLineAsync("250 queued");
                }
                else if (command == "QUIT")
                {
                    await writer.WriteLineAsync("221 bye");
                    return;
                }
                else
                {
                    await writer.WriteLineAsync("250 OK");
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}

using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.SharedKernel.Tenancy;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace DistrictPerf.Modules.Alerts.Features;

/// <summary>The <c>Smtp</c> section; e-mail is off while <see cref="Host"/> is empty.</summary>
internal sealed class SmtpOptions
{
    public const string Section = "Smtp";
    public string? Host { get; set; }
    public int Port { get; set; } = 25;

    /// <summary>None, StartTls or SslOnConnect.</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";

    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "noreply@districtperf.local";
    public string FromName { get; set; } = "区财政局预算绩效管理平台";
    public int MaxAttempts { get; set; } = 5;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>
/// Sends the notifications' e-mails (the outbox): each pending row is claimed (attempt counted)
/// before sending and marked sent after, inside its bureau's tenant scope. A job retry or a second
/// worker never sends a row marked sent; a crash between sending and marking can repeat one e-mail
/// (at-least-once), which the attempt counter bounds.
/// </summary>
internal sealed class EmailOutbox(DbContext db, SmtpOptions options, ICurrentTenant tenant, TimeProvider clock, ILogger<EmailOutbox> logger)
{
    public const int BatchSize = 200;

    public async Task<int> DispatchAsync()
    {
        if (!options.Enabled)
        {
            return 0;
        }

        using var host = tenant.Change(null);
        var pending = await db.Set<Notification>().IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
            .Where(n => n.EmailTo != null && n.EmailSentAt == null && n.EmailAttempts < options.MaxAttempts)
            .OrderBy(n => n.CreatedAt).Take(BatchSize).ToListAsync();
        if (pending.Count == 0)
        {
            return 0;
        }

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(options.Host!, options.Port, Enum.Parse<SecureSocketOptions>(options.Security));
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await smtp.AuthenticateAsync(options.UserName, options.Password ?? "");
        }

        var sent = 0;
        foreach (var item in pending)
        {
            using (tenant.Change(item.TenantId))
            {
                // Claim the row: only one dispatcher (or job retry) wins the conditional update.
                var claimed = await db.Set<Notification>()
                    .Where(n => n.Id == item.Id && n.EmailSentAt == null && n.EmailAttempts == item.EmailAttempts)
                    .ExecuteUpdateAsync(u => u.SetProperty(n => n.EmailAttempts, item.EmailAttempts + 1));
                if (claimed == 0)
                {
                    continue;
                }

                var row = item;
                try
                {
                    var message = new MimeMessage();
                    message.From.Add(new MailboxAddress(options.FromName, options.From));
                    message.To.Add(MailboxAddress.Parse(row.EmailTo!));
                    message.Subject = row.Title;
                    message.Body = new TextPart("plain") { Text = row.Body };
                    await smtp.SendAsync(message);
                    var at = clock.GetUtcNow().UtcDateTime;
                    await db.Set<Notification>().Where(n => n.Id == row.Id).ExecuteUpdateAsync(u => u.SetProperty(n => n.EmailSentAt, at));
                    sent++;
                }
                catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ParseException or IOException)
                {
                    logger.LogWarning(ex, "E-mail for notification {Id} failed (attempt {Attempt})", row.Id, row.EmailAttempts + 1);
                }
            }
        }

        await smtp.DisconnectAsync(true);
        return sent;
    }
}

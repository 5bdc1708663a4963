using System.Text.RegularExpressions;
using MimeKit;

namespace CommunityFund.E2ETests.Infrastructure;

/// <summary>The e-mails the site sent, as a person would read them.</summary>
public static partial class Mailbox
{
    /// <summary>The path and query of the e-mail confirmation link sent to <paramref name="email"/> (the newest one).</summary>
    public static async Task<string> ConfirmationLinkAsync(E2EFixture app, string email)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var link = Directory.GetFiles(app.MailDirectory, "*.eml")
                .Select(path => (Path: path, Message: MimeMessage.Load(path)))
                .Where(m => m.Message.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase)))
                .OrderByDescending(m => File.GetLastWriteTimeUtc(m.Path))
                .Select(m => ConfirmLink().Match(m.Message.TextBody ?? "").Value)
                .FirstOrDefault(l => l.Length > 0);
            if (link is not null) return new Uri(link).PathAndQuery;
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"No confirmation e-mail reached {email}.");
    }

    /// <summary>The path and query of the password-reset link sent to <paramref name="email"/> (the newest one).</summary>
    public static async Task<string> ResetLinkAsync(E2EFixture app, string email)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var link = Directory.GetFiles(app.MailDirectory, "*.eml")
                .Select(path => (Path: path, Message: MimeMessage.Load(path)))
                .Where(m => m.Message.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase)))
                .OrderByDescending(m => File.GetLastWriteTimeUtc(m.Path))
                .Select(m => ResetLink().Match(m.Message.TextBody ?? "").Value)
                .FirstOrDefault(l => l.Length > 0);
            if (link is not null) return new Uri(link).PathAndQuery;
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"No password-reset e-mail reached {email}.");
    }

    [GeneratedRegex(@"http\S+/account/reset-password\?\S+")]
    private static partial Regex ResetLink();

    [GeneratedRegex(@"http\S+/account/confirm-email\?\S+")]
    private static partial Regex ConfirmLink();
}

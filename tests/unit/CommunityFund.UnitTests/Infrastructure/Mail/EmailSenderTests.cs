using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Infrastructure.Mail;

namespace CommunityFund.UnitTests.Infrastructure.Mail;

public class EmailSenderTests
{
    [Fact]
    public async Task With_an_smtp_host_mail_goes_over_smtp_with_chinese_text_intact()
    {
        await using var smtp = new SmtpSink();
        var sender = new MailKitEmailSender(Options.Create(new MailOptions { Host = "127.0.0.1", Port = smtp.Port, From = "基金 <fund@example.org>" }), NullLogger<MailKitEmailSender>.Instance);

        await sender.SendAsync("judge@example.org", "石坪桥：成员邀请", "请打开链接 http://x/y");

        var message = Assert.Single(smtp.Messages);
        Assert.Equal("fund@example.org", message.From);
        Assert.Equal(["judge@example.org"], message.To);
        var parsed = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(message.Data)));
        Assert.Equal("石坪桥：成员邀请", parsed.Subject);
        Assert.Contains("请打开链接", parsed.TextBody);
    }

    [Fact]
    public async Task Without_an_smtp_host_mail_is_written_to_the_pickup_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cf-pickup-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sender = new MailKitEmailSender(Options.Create(new MailOptions { Host = "", PickupDirectory = folder }), NullLogger<MailKitEmailSender>.Instance);
            await sender.SendAsync("resident@example.org", "主题", "正文");
            var file = Assert.Single(Directory.GetFiles(folder, "*.eml"));
            var parsed = await MimeKit.MimeMessage.LoadAsync(file);
            Assert.Equal("主题", parsed.Subject);
            Assert.Equal("resident@example.org", parsed.To.Mailboxes.Single().Address);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }
}

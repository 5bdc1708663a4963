using CommunityFund.Web.Infrastructure.Files;
namespace CommunityFund.Web.Features.Ledger.Exports;

/// <summary>The whole journal as a ledger-cli text file (see <see cref="LedgerCliJournal"/>).</summary>
public class LedgerCliDownloadModel(IMediator mediator, ITenantContext tenant) : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var data = await mediator.Send(new LedgerCliJournal.Query());
        return new StreamedDownload("text/plain; charset=utf-8", $"{tenant.Current!.Identifier}-{data.At:yyyyMMdd}.ledger",
            (stream, ct) => LedgerCliJournal.WriteAsync(stream, data, ct));
    }
}

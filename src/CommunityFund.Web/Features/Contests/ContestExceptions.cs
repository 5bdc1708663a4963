using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;

namespace CommunityFund.Web.Features.Contests;

/// <summary>The contest's exceptional steps for the auditor: score sheets unlocked after submission, with the reason given.</summary>
public sealed class ContestExceptions(AppDbContext db) : IExceptionSource
{
    public async Task<IReadOnlyList<ExceptionRow>> ListAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken ct)
    {
        var unlocks = await (
            from e in db.Set<ScoreSheetEvent>().AsNoTracking()
            join s in db.Set<ScoreSheet>() on e.SheetId equals s.Id
            join p in db.Set<Proposal>() on s.ProposalId equals p.Id
            where e.Kind == SheetEventKind.Unlocked && e.At >= since && e.At < until
            orderby e.At descending
            select new { e.SheetId, e.At, e.ActorId, e.Reason, p.Title }).Take(limit).ToListAsync(ct);
        return unlocks.Select(u => new ExceptionRow(ExceptionKind.SheetUnlock, u.At, u.ActorId, $"{u.Title} · {u.Reason}",
            new SourceDocumentPage("/Contests/Sheets/History", u.SheetId, "sheetId"))).ToList();
    }
}

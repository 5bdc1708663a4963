using System.Globalization;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Sheets;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Contests.Sheets;

/// <summary>Score-sheet test helpers over <see cref="ContestWorld"/> (default rubric: 需求性 25, 可行性 25, 预算合理性 20, 创新性 15, 可持续性 15).</summary>
public static class SheetKit
{
    public static readonly string[] Criteria = ["need", "feasibility", "budget", "innovation", "sustainability"];
    private static readonly decimal[] Max = [25m, 25m, 20m, 15m, 15m];

    /// <summary>A contest in the roadshow with one accepted, scheduled proposal and one judge on the panel.</summary>
    public static async Task<(ContestWorld World, Guid Proposal, AppUser Judge)> RoadshowAsync(SliceFixture f)
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        var proposal = await w.AddProposalAsync(ProposalStatus.Accepted, runningOrder: 1);
        var judge = await w.AddJudgeAsync();
        return (w, proposal, judge);
    }

    /// <summary>The sheet command with the criteria's typed values in rubric order (missing ones blank).</summary>
    public static ScoreSheetModel.Command Sheet(Guid proposal, int version, bool submit, params string[] values) => new()
    {
        ProposalId = proposal,
        Version = version,
        Submit = submit,
        Comment = "需求调研扎实，预算略高。",
        Scores = [.. Criteria.Select((id, i) => new ScoreEntry { CriterionId = id, Value = i < values.Length ? values[i] : "" })],
    };

    /// <summary>Values that add up to <paramref name="total"/>, each within its criterion's maximum (filled greedily).</summary>
    public static string[] Split(decimal total)
    {
        var left = total;
        return [.. Max.Select(max =>
        {
            var s = Math.Min(max, left);
            left -= s;
            return s.ToString(CultureInfo.InvariantCulture);
        })];
    }

    public static ScoreSheetModel.Command Full(Guid proposal, decimal total, int version = 0) => Sheet(proposal, version, submit: true, Split(total));

    public static Task<ScoreSheet?> SheetOfAsync(ContestWorld w, Guid proposal, Guid judge) =>
        w.ReadAsync(db => db.Set<ScoreSheet>().AsNoTracking().SingleOrDefaultAsync(s => s.ProposalId == proposal && s.JudgeId == judge));

    public static Task<List<ScoreSheetEvent>> EventsAsync(ContestWorld w, Guid sheet) =>
        w.ReadAsync(db => db.Set<ScoreSheetEvent>().AsNoTracking().Where(e => e.SheetId == sheet).OrderBy(e => e.At).ToListAsync());

    /// <summary>Records a conflict the way the secretariat's page does: an append-only row.</summary>
    public static Task ConflictAsync(ContestWorld w, Guid proposal, Guid judge) =>
        w.ReadAsync(async db =>
        {
            db.Add(new ConflictDeclaration
            {
                ContestId = w.ContestId, ProposalId = proposal, JudgeId = judge, Source = ConflictSource.RecordedBySecretariat,
                Reason = "评委曾任该组织理事", RecordedBy = w.Secretary.Id, RecordedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
}

using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Ledger;

namespace CommunityFund.UnitTests.Features.Grants.ClaimTests;

/// <summary>
/// Claim settlement honours the same holds as a tranche payment (one check for money out): one test per reason, each
/// refused with its reason, nothing posted and the claim still approved.
/// </summary>
public class ClaimHoldTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    public enum Hold { Suspended, Terminated, OverdueCommitment, OutstandingCommitment, OpenObjection, NoticeRunning }

    [Theory]
    [InlineData(Hold.Suspended, "项目已暂停，不能拨付")]
    [InlineData(Hold.Terminated, "项目已终止，不能拨付")]
    [InlineData(Hold.OverdueCommitment, "该社会组织有逾期未补交的容缺材料")]
    [InlineData(Hold.OutstandingCommitment, "该提案容缺受理承诺补交的材料尚未补齐")]
    [InlineData(Hold.OpenObjection, "大赛公示有 1 件异议尚未答复")]
    [InlineData(Hold.NoticeRunning, "公示期满前不能拨付")]
    public async Task A_held_project_gets_no_claim_money(Hold hold, string reason)
    {
        var w = await ClaimWorld.CreateAsync(f);
        var project = await w.ReimbursementProjectAsync();
        var claim = await w.ApprovedClaimAsync(project);
        var proposal = (await w.P.ProjectRowAsync(project)).ProposalId!.Value;
        switch (hold)
        {
            case Hold.Suspended:
                await w.P.MoveAsync(project, ProjectAction.Suspend, "负责人变更，暂停实施");
                break;
            case Hold.Terminated:
                await w.P.WriteAsync(async db => (await db.Set<Project>().SingleAsync(p => p.Id == project)).Status = ProjectStatus.Terminated);
                break;
            case Hold.OverdueCommitment or Hold.OutstandingCommitment:
                var overdue = hold == Hold.OverdueCommitment;
                var owing = overdue ? await w.P.Contest.AddProposalAsync(ProposalStatus.Accepted) : proposal;
                await w.P.WriteAsync(db =>
                {
                    db.Add(new MissingDocumentCommitment
                    {
                        ProposalId = owing, OrganisationId = w.P.Contest.Organisation, DocumentName = "年检报告",
                        DueDate = TimeProvider.System.Today().AddDays(overdue ? -3 : 10),
                        CommittedBy = w.Secretary.Id, CommittedAt = DateTimeOffset.UtcNow.AddDays(-20),
                    });
                    return Task.CompletedTask;
                });
                break;
            case Hold.OpenObjection:
                await w.P.WriteAsync(db =>
                {
                    db.Add(new Objection { ContestId = w.P.Contest.ContestId, Name = "李四", Contact = "13800000000", Text = "评分不公", FiledAt = DateTimeOffset.UtcNow });
                    return Task.CompletedTask;
                });
                break;
            case Hold.NoticeRunning:
                await w.P.WriteAsync(async db =>
                {
                    var contest = await db.Set<Contest>().SingleAsync(c => c.Id == w.P.Contest.ContestId);
                    contest.Stage = ContestStage.PublicNotice;
                    contest.NoticeStartsAt = DateTimeOffset.UtcNow.AddDays(-4);
                    contest.NoticeEndsAt = DateTimeOffset.UtcNow.AddDays(3);
                });
                break;
        }
        var entries = await w.P.EntriesAsync();
        var bank = await w.P.BankAsync();

        var refused = await Books.RefusedAsync(() => w.SettleAsync(claim));

        Assert.Contains(reason, Books.MessageFor(refused, ""));
        Assert.Equal((entries, bank), (await w.P.EntriesAsync(), await w.P.BankAsync()));
        var row = await w.ClaimAsync(claim);
        Assert.Equal((ClaimStatus.Approved, (long?)null), (row.Status, row.JournalEntryId));
    }
}

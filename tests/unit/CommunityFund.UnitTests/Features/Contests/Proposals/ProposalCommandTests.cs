using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;

using Contest = CommunityFund.Web.Features.Contests.Setup.Contest;
using EditModel = CommunityFund.Web.Features.Contests.Proposals.EditModel;
using NewModel = CommunityFund.Web.Features.Contests.Proposals.NewModel;

namespace CommunityFund.UnitTests.Features.Contests.Proposals;

/// <summary>Creating, editing and submitting proposals through the real pipeline and database.</summary>
public class ProposalCommandTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static NewModel.Command New(Guid contest, Guid organisation, string title = "困境儿童课后托管") =>
        new() { ContestId = contest, OrganisationId = organisation, Title = title };

    private static Task<Proposal> LoadAsync(ContestWorld w, Guid id) =>
        w.ReadAsync(db => db.Set<Proposal>().AsNoTracking().SingleAsync(p => p.Id == id));

    /// <summary>The edit form as the page would post it for <paramref name="content"/>.</summary>
    private static async Task<EditModel.Command> FormAsync(ContestWorld w, Guid id, ProposalContent content)
    {
        var p = await LoadAsync(w, id);
        var form = new EditModel.Command { ProposalId = id, Version = p.Version };
        form.LoadFrom(content);
        return form;
    }

    private async Task<Guid> DraftAsync(ContestWorld w)
    {
        var id = await f.SendAsync(New(w.ContestId, w.Organisation), w.OrgMember, w.Tenant);
        await f.SendAsync(await FormAsync(w, id, ContestWorld.SampleContent()), w.OrgMember, w.Tenant);
        return id;
    }

    private async Task<ValidationException> RefusedAsync<T>(IRequest<T> request, AppUser user, ContestWorld w) =>
        await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(request, user, w.Tenant));

    // ---- creation -------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_member_starts_a_numbered_draft_for_their_verified_organisation()
    {
        var w = await ContestWorld.CreateAsync(f);
        var first = await f.SendAsync(New(w.ContestId, w.Organisation, "  社区长者助餐  "), w.OrgMember, w.Tenant);
        var second = await f.SendAsync(New(w.ContestId, w.Organisation, "儿童阅读角"), w.OrgMember, w.Tenant);

        var p = await LoadAsync(w, first);
        Assert.Equal((1, ProposalStatus.Draft, ProposalChannel.Online, "社区长者助餐"), (p.Number, p.Status, p.Channel, p.Title));
        Assert.Equal((w.Organisation, w.OrgMember.Id, 0), (p.OrganisationId, p.CreatedBy, p.LatestVersion));
        Assert.Equal(2, (await LoadAsync(w, second)).Number);
        Assert.Equal(2, await w.ReadAsync(db => db.Set<Contest>().Where(c => c.Id == w.ContestId).Select(c => c.ProposalSeq).SingleAsync()));
    }

    [Fact]
    public async Task The_secretariat_enters_a_proposal_collected_on_a_visit_for_any_verified_organisation()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await f.SendAsync(New(w.ContestId, w.OtherOrganisation), w.Secretary, w.Tenant);
        var p = await LoadAsync(w, id);
        Assert.Equal((ProposalChannel.CollectedOnVisit, w.OtherOrganisation, w.Secretary.Id), (p.Channel, p.OrganisationId, p.CreatedBy));
    }

    [Fact]
    public async Task A_member_cannot_start_a_proposal_for_another_or_an_unverified_organisation()
    {
        var w = await ContestWorld.CreateAsync(f);
        var other = await RefusedAsync(New(w.ContestId, w.OtherOrganisation), w.OrgMember, w);
        Assert.Equal("OrganisationId", Assert.Single(other.Errors).PropertyName);
        Assert.Contains("只能为你所在的社会组织", other.Errors.Single().ErrorMessage);

        var pending = await w.ReadAsync(async db =>
        {
            var o = new Organisation
            {
                Name = "新成立的助老志愿队", CreditCode = ContestWorld.Code("MJP57430"), Category = OrganisationCategory.SocialService, ContactPerson = "李明",
                Phone = "13800000000", Address = "石桥铺", Status = VerificationStatus.Pending, Channel = RegistrationChannel.SelfRegistered,
                RegisteredBy = w.OrgMember.Id, CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Add(o);
            db.Add(new OrganisationMember { OrganisationId = o.Id, UserId = w.OrgMember.Id, JoinedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return o.Id;
        });
        var unverified = await RefusedAsync(New(w.ContestId, pending), w.OrgMember, w);
        Assert.Contains("“新成立的助老志愿队”尚未通过秘书处审核", Assert.Single(unverified.Errors).ErrorMessage);
        // Not even the secretariat collects for an unverified organisation.
        await RefusedAsync(New(w.ContestId, pending), w.Secretary, w);

        Assert.Equal(0, await w.ReadAsync(db => db.Set<Proposal>().CountAsync()));
        Assert.Equal(0, await w.ReadAsync(db => db.Set<Contest>().Where(c => c.Id == w.ContestId).Select(c => c.ProposalSeq).SingleAsync()));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(New(w.ContestId, w.Organisation), w.Committee, w.Tenant));
    }

    [Fact]
    public async Task No_proposal_is_started_outside_collection_and_the_message_names_the_stage()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var ex = await RefusedAsync(New(w.ContestId, w.Organisation), w.OrgMember, w);
        Assert.Contains("只能在征集阶段新建提案，大赛当前处于“初审”阶段", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal(0, await w.ReadAsync(db => db.Set<Proposal>().CountAsync()));
    }

    [Fact]
    public async Task Ten_proposals_started_at_once_get_the_numbers_1_to_10_without_a_collision()
    {
        var w = await ContestWorld.CreateAsync(f);
        var ids = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => f.SendAsync(New(w.ContestId, i % 2 == 0 ? w.Organisation : w.OtherOrganisation, $"提案 {i}"),
                i % 2 == 0 ? w.OrgMember : w.OtherOrgMember, w.Tenant))));

        var numbers = await w.ReadAsync(db => db.Set<Proposal>().Where(p => ids.Contains(p.Id)).Select(p => p.Number).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 10), numbers.Order());
        Assert.Equal(10, await w.ReadAsync(db => db.Set<Contest>().Where(c => c.Id == w.ContestId).Select(c => c.ProposalSeq).SingleAsync()));
    }

    // ---- editing --------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_draft_is_saved_with_its_amounts_parsed_and_blank_rows_ignored()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await f.SendAsync(New(w.ContestId, w.Organisation), w.OrgMember, w.Tenant);
        var form = await FormAsync(w, id, ContestWorld.SampleContent());
        form.CoFunding = "1500.5";
        form.Lines.Add(new BudgetLineInput { Kind = "Labour" }); // the empty row the page adds
        form.Lines[0].UnitPrice = "¥180.25";
        await f.SendAsync(form, w.OrgMember, w.Tenant);

        var p = await LoadAsync(w, id);
        var draft = p.GetDraft();
        Assert.Equal(2, draft.Lines.Count);
        Assert.Equal(180.25m, draft.Lines[0].UnitPrice);
        Assert.Equal(1500.5m, draft.CoFunding);
        Assert.Equal(180.25m * 50 + 2000m, p.RequestedAmount); // the list column follows the draft before submission
        Assert.Equal(1, p.Version);
        Assert.Equal(ProposalStatus.Draft, p.Status);
    }

    public static TheoryData<string, string> BadQuantities => new()
    {
        { "-2", "第 1 行：数量不能是负数。" },
        { "0", "第 1 行：数量必须大于零。" },
        { "1.5", "第 1 行：数量必须是整数，不能有小数。" },
        { "abc", "第 1 行：数量必须是数字，例如 10。" },
    };

    [Theory]
    [MemberData(nameof(BadQuantities))]
    public async Task A_bad_quantity_is_refused_with_its_own_message_and_nothing_is_saved(string quantity, string message)
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await DraftAsync(w);
        var before = await LoadAsync(w, id);
        var form = await FormAsync(w, id, ContestWorld.SampleContent() with { Title = "改过的名称", Need = "改过的需求" });
        form.Lines[0].Quantity = quantity;

        var ex = await RefusedAsync(form, w.OrgMember, w);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("Lines[0].Quantity", message), (error.PropertyName, error.ErrorMessage));
        var after = await LoadAsync(w, id);
        Assert.Equal((before.DraftJson, before.Title, before.Version), (after.DraftJson, after.Title, after.Version));
    }

    [Fact]
    public async Task Unit_price_dates_count_and_text_mistakes_each_get_their_message()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await DraftAsync(w);
        var form = await FormAsync(w, id, ContestWorld.SampleContent());
        form.Lines[0].UnitPrice = "12.345";
        form.Lines[1].UnitPrice = "-3";
        form.Lines[1].Kind = "Bribes";
        form.Lines.Add(new BudgetLineInput { Item = "", Kind = "Other", UnitPrice = "10", Quantity = "1" });
        form.BeneficiariesCount = "4.5";
        form.StartDate = "2026-02-30";
        form.CoFunding = "-100";
        form.Title = " ";

        var ex = await RefusedAsync(form, w.OrgMember, w);

        var errors = ex.Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage);
        Assert.Equal("第 1 行单价：金额最多保留两位小数（到分）。", errors["Lines[0].UnitPrice"]);
        Assert.Equal("第 2 行单价：金额必须大于零。", errors["Lines[1].UnitPrice"]);
        Assert.Equal("第 2 行：请选择费用类别。", errors["Lines[1].Kind"]);
        Assert.Equal("第 3 行：请填写项目名称。", errors["Lines[2].Item"]);
        Assert.Equal("受益人数必须是整数。", errors["BeneficiariesCount"]);
        Assert.Equal("配套资金不能是负数。", errors["CoFunding"]);
        Assert.Equal("请填写提案名称。", errors["Title"]);
        Assert.True(errors.ContainsKey("StartDate"));
        Assert.Equal(1, (await LoadAsync(w, id)).Version); // still the version of the first save
    }

    [Fact]
    public async Task An_end_before_the_start_and_more_than_fifty_lines_are_refused()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await DraftAsync(w);
        var form = await FormAsync(w, id, ContestWorld.SampleContent());
        form.StartDate = "2026-05-01";
        form.EndDate = "2026-04-30";
        var ex = await RefusedAsync(form, w.OrgMember, w);
        Assert.Equal("结束日期不能早于开始日期。", Assert.Single(ex.Errors, e => e.PropertyName == "EndDate").ErrorMessage);

        form = await FormAsync(w, id, ContestWorld.SampleContent());
        form.Lines = [.. Enumerable.Range(1, 51).Select(i => new BudgetLineInput { Item = $"物品{i}", Kind = "Materials", UnitPrice = "1", Quantity = "1" })];
        ex = await RefusedAsync(form, w.OrgMember, w);
        Assert.Equal("预算明细最多 50 行。", Assert.Single(ex.Errors, e => e.PropertyName == "Lines").ErrorMessage);
    }

    [Fact]
    public async Task A_request_above_the_per_project_cap_is_refused_and_nothing_is_saved()
    {
        var w = await ContestWorld.CreateAsync(f, cap: 10_000m);
        var id = await f.SendAsync(New(w.ContestId, w.Organisation), w.OrgMember, w.Tenant);
        var before = await LoadAsync(w, id);
        var form = await FormAsync(w, id, ContestWorld.SampleContent()); // ¥12,000.00 requested

        var ex = await RefusedAsync(form, w.OrgMember, w);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("Lines", "申请金额 ¥12,000.00 超过单个项目上限 ¥10,000.00。"), (error.PropertyName, error.ErrorMessage));
        var after = await LoadAsync(w, id);
        Assert.Equal((before.DraftJson, 0m, before.Version), (after.DraftJson, after.RequestedAmount, after.Version));

        form.Lines[0].Quantity = "40"; // 8,000 + 2,000 = the cap exactly
        await f.SendAsync(form, w.OrgMember, w.Tenant);
        Assert.Equal(10_000m, (await LoadAsync(w, id)).RequestedAmount);
    }

    [Fact]
    public async Task A_category_the_contest_does_not_fund_is_refused()
    {
        var w = await ContestWorld.CreateAsync(f);
        await w.ReadAsync(async db =>
        {
            var c = await db.Set<Contest>().SingleAsync(x => x.Id == w.ContestId);
            c.Categories = "养老服务";
            return await db.SaveChangesAsync();
        });
        var id = await f.SendAsync(New(w.ContestId, w.Organisation), w.OrgMember, w.Tenant);
        var ex = await RefusedAsync(await FormAsync(w, id, ContestWorld.SampleContent()), w.OrgMember, w);
        Assert.Contains("不征集“助学助困”类别", Assert.Single(ex.Errors, e => e.PropertyName == "Category").ErrorMessage);
    }

    [Fact]
    public async Task Two_people_editing_at_once_the_second_save_is_refused_as_stale()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await DraftAsync(w);
        var mine = await FormAsync(w, id, ContestWorld.SampleContent() with { Title = "我的修改" });
        var theirs = await FormAsync(w, id, ContestWorld.SampleContent() with { Title = "秘书处的修改" });
        await f.SendAsync(theirs, w.Secretary, w.Tenant);

        var ex = await RefusedAsync(mine, w.OrgMember, w);
        Assert.Contains("已被他人修改", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal("秘书处的修改", (await LoadAsync(w, id)).Title);
    }

    [Fact]
    public async Task Only_the_organisation_and_the_secretariat_edit_and_another_tenant_finds_nothing()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await DraftAsync(w);
        var form = await FormAsync(w, id, ContestWorld.SampleContent() with { Title = "越权修改" });

        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(form, w.OtherOrgMember, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(form, w.Committee, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new EditModel.Query { ProposalId = id }, w.OtherOrgMember, w.Tenant));

        var elsewhere = await ContestWorld.CreateAsync(f);
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(form, elsewhere.OrgMember, elsewhere.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(form, elsewhere.Secretary, elsewhere.Tenant));
        Assert.Equal(ContestWorld.SampleContent().Title, (await LoadAsync(w, id)).Title);
    }

    [Fact]
    public async Task A_submitted_proposal_cannot_be_edited_while_it_waits_for_screening()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);
        var ex = await RefusedAsync(await FormAsync(w, id, ContestWorld.SampleContent() with { Title = "偷偷改" }), w.OrgMember, w);
        Assert.Contains("提案状态为“已提交”、大赛处于“征集”阶段，现在不能修改", Assert.Single(ex.Errors).ErrorMessage);
    }

    // ---- submission -----------------------------------------------------------------------------------------

    private static async Task<SubmitModel.SubmitCommand> SubmitAsync(ContestWorld w, Guid id, params SubmitModel.FixAnswer[] fixes) =>
        new() { ProposalId = id, Version = (await LoadAsync(w, id)).Version, Fixes = [.. fixes] };

    [Fact]
    public async Task Submitting_a_complete_draft_appends_version_one_and_waits_for_screening()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await DraftAsync(w);
        var number = await f.SendAsync(await SubmitAsync(w, id), w.OrgMember, w.Tenant);

        Assert.Equal(1, number);
        var p = await LoadAsync(w, id);
        Assert.Equal((ProposalStatus.Submitted, 1), (p.Status, p.LatestVersion));
        Assert.NotNull(p.FirstSubmittedAt);
        var v = await w.ReadAsync(db => db.Set<ProposalVersion>().SingleAsync(x => x.ProposalId == id));
        Assert.Equal((1, 12_000m, w.OrgMember.Id), (v.Number, v.RequestedAmount, v.SubmittedBy));
        Assert.Equal(p.GetDraft().ToJson(), v.ContentJson);

        var again = await RefusedAsync(await SubmitAsync(w, id), w.OrgMember, w);
        Assert.Contains("正在等待初审", Assert.Single(again.Errors).ErrorMessage);
    }

    [Fact]
    public async Task An_incomplete_draft_is_refused_on_submission_with_what_is_missing()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await f.SendAsync(New(w.ContestId, w.Organisation), w.OrgMember, w.Tenant);
        var ex = await RefusedAsync(await SubmitAsync(w, id), w.OrgMember, w);

        var messages = ex.Errors.Select(e => e.ErrorMessage).ToList();
        Assert.Contains("请填写需求分析。", messages);
        Assert.Contains("请填写开始日期。", messages);
        Assert.Contains("至少需要一行预算明细。", messages);
        Assert.Contains("请填写受益人数（大于零）。", messages);
        var p = await LoadAsync(w, id);
        Assert.Equal((ProposalStatus.Draft, 0), (p.Status, p.LatestVersion));
        Assert.Equal(0, await w.ReadAsync(db => db.Set<ProposalVersion>().CountAsync()));
    }

    [Fact]
    public async Task A_draft_is_not_submitted_outside_collection()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await DraftAsync(w);
        await w.SetStageAsync(ContestStage.Screening);

        var ex = await RefusedAsync(await SubmitAsync(w, id), w.OrgMember, w);

        Assert.Equal("只能在征集阶段提交提案，大赛当前处于“初审”阶段。", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal(ProposalStatus.Draft, (await LoadAsync(w, id)).Status);
        Assert.Equal(0, await w.ReadAsync(db => db.Set<ProposalVersion>().CountAsync()));
    }

    [Fact]
    public async Task The_secretariat_submits_a_proposal_it_collected_on_a_visit()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await f.SendAsync(New(w.ContestId, w.OtherOrganisation), w.Secretary, w.Tenant);
        await f.SendAsync(await FormAsync(w, id, ContestWorld.SampleContent()), w.Secretary, w.Tenant);
        await f.SendAsync(await SubmitAsync(w, id), w.Secretary, w.Tenant);
        var v = await w.ReadAsync(db => db.Set<ProposalVersion>().SingleAsync(x => x.ProposalId == id));
        Assert.Equal(w.Secretary.Id, v.SubmittedBy);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new SubmitModel.SubmitCommand { ProposalId = id }, w.OrgMember, w.Tenant));
    }

    private static async Task<Guid> ReturnedWithFixesAsync(ContestWorld w, params string[] items)
    {
        var id = await w.AddProposalAsync(ProposalStatus.Returned);
        await w.ReadAsync(async db =>
        {
            var list = new ProposalFixList { ProposalId = id, IssuedBy = w.Secretary.Id, IssuedAt = DateTimeOffset.UtcNow };
            list.SetItems(items.Select(i => new FixItem(i)));
            db.Add(list);
            return await db.SaveChangesAsync();
        });
        return id;
    }

    [Fact]
    public async Task A_resubmission_needs_every_item_of_the_fix_list_ticked_and_stores_the_answers()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await ReturnedWithFixesAsync(w, "补充场地使用证明", "劳务费单价过高，请说明依据", "补充往年项目照片");

        var ex = await RefusedAsync(await SubmitAsync(w, id,
            new SubmitModel.FixAnswer { Done = true, Answer = "已上传" }, new SubmitModel.FixAnswer { Done = false }), w.OrgMember, w);

        var error = Assert.Single(ex.Errors);
        Assert.Equal("Fixes", error.PropertyName);
        Assert.Contains("2. 劳务费单价过高，请说明依据；3. 补充往年项目照片", error.ErrorMessage);
        Assert.DoesNotContain("补充场地使用证明", error.ErrorMessage);
        Assert.Equal(ProposalStatus.Returned, (await LoadAsync(w, id)).Status);
        Assert.Equal(1, await w.ReadAsync(db => db.Set<ProposalVersion>().CountAsync(v => v.ProposalId == id)));
        Assert.Null(await w.ReadAsync(db => db.Set<ProposalFixList>().Where(l => l.ProposalId == id).Select(l => l.AnsweredInVersion).SingleAsync()));

        var version = await f.SendAsync(await SubmitAsync(w, id,
            new SubmitModel.FixAnswer { Done = true, Answer = " 已上传 " }, new SubmitModel.FixAnswer { Done = true, Answer = "参照区人社局指导价" },
            new SubmitModel.FixAnswer { Done = true }), w.OrgMember, w.Tenant);

        Assert.Equal(2, version);
        var p = await LoadAsync(w, id);
        Assert.Equal((ProposalStatus.Submitted, 2), (p.Status, p.LatestVersion));
        var list = await w.ReadAsync(db => db.Set<ProposalFixList>().SingleAsync(l => l.ProposalId == id));
        Assert.Equal(2, list.AnsweredInVersion);
        Assert.NotNull(list.AnsweredAt);
        Assert.Equal(
            [new FixItem("补充场地使用证明", true, "已上传"), new FixItem("劳务费单价过高，请说明依据", true, "参照区人社局指导价"), new FixItem("补充往年项目照片", true, null)],
            list.GetItems());
    }

    [Fact]
    public async Task An_accepted_proposal_is_revised_in_refinement_and_stays_accepted()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var id = await w.AddProposalAsync(ProposalStatus.Accepted);

        var unchanged = await RefusedAsync(await SubmitAsync(w, id), w.OrgMember, w);
        Assert.Contains("与第 1 版相同", Assert.Single(unchanged.Errors).ErrorMessage);

        await f.SendAsync(await FormAsync(w, id, ContestWorld.SampleContent(quantity: 60) with { Goals = "为 50 名儿童提供托管。" }), w.OrgMember, w.Tenant);
        var listed = await LoadAsync(w, id);
        Assert.Equal(12_000m, listed.RequestedAmount); // lists keep showing version 1 until the revision is submitted

        Assert.Equal(2, await f.SendAsync(await SubmitAsync(w, id), w.OrgMember, w.Tenant));
        var p = await LoadAsync(w, id);
        Assert.Equal((ProposalStatus.Accepted, 2, 14_000m), (p.Status, p.LatestVersion, p.RequestedAmount));

        await w.SetStageAsync(ContestStage.Roadshow);
        var late = await RefusedAsync(await SubmitAsync(w, id), w.OrgMember, w);
        Assert.Contains("只能在一对一优化阶段提交修订版", Assert.Single(late.Errors).ErrorMessage);
    }

    [Fact]
    public async Task Submitted_versions_are_immutable_in_the_application_and_in_the_database()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);

        await Assert.ThrowsAsync<AppendOnlyViolationException>(() => w.ReadAsync(async db =>
        {
            var v = await db.Set<ProposalVersion>().SingleAsync(x => x.ProposalId == id);
            v.RequestedAmount = 1m;
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<AppendOnlyViolationException>(() => w.ReadAsync(async db =>
        {
            db.Remove(await db.Set<ProposalVersion>().SingleAsync(x => x.ProposalId == id));
            return await db.SaveChangesAsync();
        }));
        var update = await Assert.ThrowsAsync<MySqlException>(() =>
            f.Database.ScalarAsync($"UPDATE ProposalVersions SET RequestedAmount = 1 WHERE ProposalId = '{id}'"));
        Assert.Contains("append-only", update.Message);
        await Assert.ThrowsAsync<MySqlException>(() => f.Database.ScalarAsync($"DELETE FROM ProposalVersions WHERE ProposalId = '{id}'"));
        Assert.Equal(12_000m, await w.ReadAsync(db => db.Set<ProposalVersion>().Where(x => x.ProposalId == id).Select(x => x.RequestedAmount).SingleAsync()));
    }
}

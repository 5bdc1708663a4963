using CommunityFund.Web.Infrastructure.Data;
using TimeLimitSweep = CommunityFund.Web.Kernel.Handoffs.TimeLimitSweep;
using Microsoft.Extensions.DependencyInjection;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Grants.ApprovalTests;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Grants.SettingsTests;

/// <summary>The grant settings command: tiers validated by ApprovalPolicy, a committee chair, time limits, one row per tenant.</summary>
public class SettingsTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static string Message(ValidationException ex) => string.Join(" | ", ex.Errors.Select(e => e.ErrorMessage));

    private static Task<int> RowsAsync(ApprovalWorld a) => a.World.ReadAsync(db => db.Set<GrantSettings>().CountAsync());

    /// <summary>Tiers written "limit:approvals[c]" separated by "|" (c = chair required; empty limit = none).</summary>
    private static List<TierInput> Tiers(string spec) =>
        spec.Length == 0 ? [] : spec.Split('|').Select(t =>
        {
            var (upTo, rest) = (t[..t.IndexOf(':')], t[(t.IndexOf(':') + 1)..]);
            return new TierInput { UpTo = upTo, Approvals = int.Parse(rest.TrimEnd('c'), System.Globalization.CultureInfo.InvariantCulture), ChairRequired = rest.EndsWith('c') };
        }).ToList();

    [Theory]
    [InlineData("", "请至少设置一档审批规则")]
    [InlineData("50000:1|5000:2|:2c", "各档金额上限须从小到大排列")]
    [InlineData(":1|5000:2|:2c", "各档金额上限须从小到大排列")]
    [InlineData("5000:1|50000:2", "最后一档的金额上限须留空")]
    [InlineData("5000:0|:2", "每档至少需要 1 人审批")]
    [InlineData("5000:2|:1", "所需审批人数不能少于较低档次")]
    [InlineData("5000:1|:4", "管委会只有 3 名委员")]
    [InlineData("5,000:1|:2", "不要输入千位分隔符")]
    [InlineData("５０００:1|:2", "半角数字")]
    [InlineData("5000.001:1|:2", "最多保留两位小数")]
    [InlineData("五千:1|:2", "金额必须是数字")]
    [InlineData("-5000:1|:2", "金额必须大于零")]
    public async Task Bad_tiers_are_refused_with_their_message_and_nothing_is_saved(string tiers, string expected)
    {
        var a = await ApprovalWorld.CreateAsync(f, withChair: false);
        var save = ApprovalWorld.Settings(a.Chair.Id);
        save.Tiers = Tiers(tiers);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(save, a.Secretary, a.Tenant));
        Assert.Contains(expected, Message(ex));
        Assert.Equal(0, await RowsAsync(a));
    }

    [Fact]
    public async Task An_amount_mistake_is_reported_on_its_own_row()
    {
        var a = await ApprovalWorld.CreateAsync(f, withChair: false);
        var save = ApprovalWorld.Settings(a.Chair.Id, 0, ("5000", 1, false), ("5,0000", 2, false), ("", 2, true));
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(save, a.Secretary, a.Tenant));
        Assert.Equal("Tiers[1].UpTo", Assert.Single(ex.Errors).PropertyName);
    }

    [Fact]
    public async Task The_chair_must_be_a_committee_member_and_is_needed_when_a_tier_asks_for_one()
    {
        var a = await ApprovalWorld.CreateAsync(f, withChair: false);
        var notCommittee = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(ApprovalWorld.Settings(a.Secretary.Id), a.Secretary, a.Tenant));
        Assert.Contains("所选主任不是本基金管委会委员", Message(notCommittee));
        Assert.Equal("ChairId", notCommittee.Errors.Single().PropertyName);
        var stranger = await f.CreateUserAsync();
        await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(ApprovalWorld.Settings(stranger.Id), a.Secretary, a.Tenant));
        var missing = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(ApprovalWorld.Settings(null), a.Secretary, a.Tenant));
        Assert.Contains("请指定管委会主任", Message(missing));
        Assert.Equal(0, await RowsAsync(a));

        // No tier needs the chair: none need be chosen.
        await f.SendAsync(ApprovalWorld.Settings(null, 0, ("5000", 1, false), ("", 2, false)), a.Secretary, a.Tenant);
        Assert.Equal(1, await RowsAsync(a));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    [InlineData(-3)]
    public async Task Time_limits_out_of_range_are_refused(int days)
    {
        var a = await ApprovalWorld.CreateAsync(f, withChair: false);
        var save = ApprovalWorld.Settings(a.Chair.Id);
        save.ScreeningDays = days;
        save.ReportReviewDays = days;
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(save, a.Secretary, a.Tenant));
        Assert.Contains("初审时限须为 1 至 60 个工作日", Message(ex));
        Assert.Contains("报告审核时限须为 1 至 60 个工作日", Message(ex));
        Assert.Equal(["ReportReviewDays", "ScreeningDays"], ex.Errors.Select(e => e.PropertyName).Order());
        Assert.Equal(0, await RowsAsync(a));
    }

    [Fact]
    public async Task Settings_are_one_row_per_tenant_saved_with_optimistic_concurrency()
    {
        var a = await ApprovalWorld.CreateAsync(f, withChair: false);
        var (defaults, view) = await f.SendAsync(new IndexModel.Query(), a.World.Auditor, a.Tenant);
        Assert.False(view.Saved);
        Assert.True(view.ChairMissing);
        Assert.Equal(["5000.00", "50000.00", ""], defaults.Tiers.Select(t => t.UpTo));
        Assert.Equal((0, 5, 3), (defaults.Version, defaults.ScreeningDays, defaults.ApprovalDays));

        var save = ApprovalWorld.Settings(a.Chair.Id, 0, ("10000", 1, false), ("100000.50", 2, false), ("", 3, true));
        save.ApprovalDays = 7;
        await f.SendAsync(save, a.Secretary, a.Tenant);
        var stale = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(ApprovalWorld.Settings(a.Chair.Id, version: 0), a.Secretary, a.Tenant));
        Assert.Contains("设置已被他人修改", Message(stale));

        var (form, after) = await f.SendAsync(new IndexModel.Query(), a.Committee, a.Tenant);
        Assert.True(after.Saved);
        Assert.Equal((1, 7, a.Chair.Id), (form.Version, form.ApprovalDays, form.ChairId));
        Assert.Equal(["10000.00", "100000.50", ""], form.Tiers.Select(t => t.UpTo));
        await f.SendAsync(ApprovalWorld.Settings(a.Chair.Id, version: 1), a.Secretary, a.Tenant);
        Assert.Equal(1, await RowsAsync(a));

        // New requests take the saved tiers; the ones already made keep theirs.
        var id = await a.RequestAsync(9_000m);
        Assert.Equal(2, (await a.LoadAsync(id)).RequiredApprovals);
        await f.SendAsync(ApprovalWorld.Settings(a.Chair.Id, 2, ("10000", 1, false), ("", 2, true)), a.Secretary, a.Tenant);
        Assert.Equal(2, (await a.LoadAsync(id)).RequiredApprovals);
        Assert.Equal(1, (await a.LoadAsync(await a.RequestAsync(9_000m))).RequiredApprovals);
    }

    [Fact]
    public async Task Only_the_secretariat_saves_and_only_staff_read()
    {
        var a = await ApprovalWorld.CreateAsync(f, withChair: false);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(ApprovalWorld.Settings(a.Chair.Id), a.Committee, a.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(ApprovalWorld.Settings(a.Chair.Id), a.World.Auditor, a.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new IndexModel.Query(), a.World.OrgMember, a.Tenant));
        Assert.Equal(0, await RowsAsync(a));
    }

    [Fact]
    public async Task Holidays_are_added_once_per_date_and_removed()
    {
        var a = await ApprovalWorld.CreateAsync(f, withChair: false);
        var id = await f.SendAsync(new HolidaysModel.AddHoliday { Date = "2026-10-01", Name = "国庆节" }, a.Secretary, a.Tenant);

        var duplicate = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new HolidaysModel.AddHoliday { Date = " 2026-10-01 ", Name = "国庆" }, a.Secretary, a.Tenant));
        Assert.Equal(("Date", "2026-10-01 已登记为节假日。"), (duplicate.Errors.Single().PropertyName, duplicate.Errors.Single().ErrorMessage));
        var badDate = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new HolidaysModel.AddHoliday { Date = "2026/10/02", Name = "国庆" }, a.Secretary, a.Tenant));
        Assert.Contains("yyyy-MM-dd", Message(badDate));
        var noName = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new HolidaysModel.AddHoliday { Date = "2026-10-02", Name = "" }, a.Secretary, a.Tenant));
        Assert.Contains("请填写节假日名称", Message(noName));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new HolidaysModel.AddHoliday { Date = "2026-10-02", Name = "国庆" }, a.Committee, a.Tenant));
        Assert.Equal(1, await a.World.ReadAsync(db => db.Set<Holiday>().CountAsync()));

        Assert.Equal(new DateOnly(2026, 10, 1), await f.SendAsync(new HolidaysModel.RemoveHoliday { HolidayId = id }, a.Secretary, a.Tenant));
        Assert.Equal(0, await a.World.ReadAsync(db => db.Set<Holiday>().CountAsync()));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new HolidaysModel.RemoveHoliday { HolidayId = id }, a.Secretary, a.Tenant));
    }

    [Fact]
    public async Task A_weekend_day_worked_in_exchange_is_entered_and_the_time_limits_count_it()
    {
        var a = await ApprovalWorld.CreateAsync(f, withChair: false);
        var weekday = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new HolidaysModel.AddHoliday { Date = "2026-10-09", Name = "国庆调休", IsWorkingDay = true }, a.Secretary, a.Tenant));
        Assert.Equal(("Date", "2026-10-09 不是周六或周日：只有周末才需要登记为调休上班日。"), (weekday.Errors.Single().PropertyName, weekday.Errors.Single().ErrorMessage));
        Assert.Equal(0, await a.World.ReadAsync(db => db.Set<Holiday>().CountAsync()));

        await f.SendAsync(new HolidaysModel.AddHoliday { Date = "2026-10-10", Name = "国庆调休", IsWorkingDay = true }, a.Secretary, a.Tenant);
        await f.SendAsync(new HolidaysModel.AddHoliday { Date = "2026-10-08", Name = "国庆节" }, a.Secretary, a.Tenant);
        var calendar = await f.InTenantAsync(a.Tenant, sp => TimeLimitSweep.CalendarAsync(sp.GetRequiredService<AppDbContext>(), new DateOnly(2026, 10, 1), default));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 10, 10)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 10, 8)));
        var page = await f.SendAsync(new IndexModel.Query(), a.Secretary, a.Tenant);
        Assert.Equal([(new DateOnly(2026, 10, 8), false), (new DateOnly(2026, 10, 10), true)],
            page.View.Holidays.Where(h => h.Date.Year == 2026 && h.Date.Month == 10).OrderBy(h => h.Date).Select(h => (h.Date, h.IsWorkingDay)));
    }
}

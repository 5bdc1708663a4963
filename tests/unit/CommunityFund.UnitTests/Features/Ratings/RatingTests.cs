using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Features.Grants.NotificationTests;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ratings;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Ratings;

/// <summary>
/// 好差评 with a fake clock: the organisation served rates a completed hand-off once; a very poor rating opens a callback
/// and a fix step for the secretariat that turn red on the right working days; after the fix one follow-up is accepted
/// and every later one refused; the quarterly table counts it.
/// </summary>
public class RatingTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static async Task<Guid> ClosedScreeningAsync(NotifyingApp app, ContestWorld w, DateOnly started)
    {
        var proposal = await w.AddProposalAsync();
        return await app.InTransactionAsync(w.Tenant, sp =>
        {
            var step = PendingSteps.Open(sp.GetRequiredService<AppDbContext>(), TimedStep.Screening, proposal, "#1 社区老年食堂", "/proposals/" + proposal,
                TenantRole.Secretariat, null, started, 5);
            step.ClosedAt = app.Clock.GetUtcNow();
            return Task.FromResult(step.Id);
        });
    }

    private static RateModel.Rate Rate(Guid step, RatingLevel level, string comment = "", params string[] tags) =>
        new() { StepId = step, Level = level.ToString(), Comment = comment, Tags = [.. tags] };

    private static Task<List<PendingStep>> StepsForAsync(NotifyingApp app, ContestWorld w, Guid rating) =>
        app.ReadAsync(w.Tenant, db => db.Set<PendingStep>().AsNoTracking().Where(s => s.SubjectId == rating).OrderBy(s => s.Step).ToListAsync());

    [Fact]
    public async Task A_very_poor_rating_opens_callback_and_fix_steps_that_turn_red_on_time_and_allows_one_follow_up_after_the_fix()
    {
        using var app = new NotifyingApp(f);
        var w = await ContestWorld.CreateAsync(f);
        app.SetChinaTime(2026, 6, 16); // a Tuesday
        var step = await ClosedScreeningAsync(app, w, new DateOnly(2026, 6, 9));

        await Assert.ThrowsAsync<ForbiddenException>(() => app.SendAsync(Rate(step, RatingLevel.Satisfied), w.OtherOrgMember, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.SendAsync(Rate(step, RatingLevel.Satisfied), w.Secretary, w.Tenant));
        var why = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(Rate(step, RatingLevel.VeryDissatisfied), w.OrgMember, w.Tenant));
        Assert.Equal("不满意时请选择标签或写明原因，以便整改。", Assert.Single(why.Errors).ErrorMessage);
        var tag = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(Rate(step, RatingLevel.VeryDissatisfied, "", "Fast"), w.OrgMember, w.Tenant));
        Assert.Equal("所选标签与评价等级不符，请重新选择。", Assert.Single(tag.Errors).ErrorMessage);

        var rating = await app.SendAsync(Rate(step, RatingLevel.VeryDissatisfied, "材料来回退了三次", "TooSlow", "BackAndForth"), w.OrgMember, w.Tenant);
        var opened = await StepsForAsync(app, w, rating);
        Assert.Equal([(TimedStep.RatingCallback, 1), (TimedStep.RatingFix, 15)], opened.Select(s => (s.Step, s.LimitWorkingDays)));
        Assert.All(opened, s => Assert.Equal((new DateOnly(2026, 6, 16), TenantRole.Secretariat, "/ratings/" + rating), (s.StartedOn, s.ResponsibleRole, s.Link)));
        Assert.Contains(await app.NotificationsAsync(w.Tenant), n => n.UserId == w.Secretary.Id && n.Title == "收到差评：#1 社区老年食堂");

        async Task<(TimeLimitState Callback, TimeLimitState Fix)> SweepOn(int month, int day)
        {
            app.SetChinaTime(2026, month, day);
            Assert.True((await app.SweepAsync()).Ran);
            var s = await StepsForAsync(app, w, rating);
            return (s[0].State, s[1].State);
        }
        Assert.Equal(TimeLimitState.Red, (await SweepOn(6, 18)).Callback); // 2 working days on a 1-day limit
        Assert.NotEqual(TimeLimitState.Red, (await SweepOn(7, 7)).Fix);   // the 15th working day is on time
        Assert.Equal(TimeLimitState.Red, (await SweepOn(7, 8)).Fix);

        var early = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(Rate(step, RatingLevel.Satisfied), w.OrgMember, w.Tenant));
        Assert.Equal("秘书处完成整改后才能追评。", Assert.Single(early.Errors).ErrorMessage);
        var order = await Assert.ThrowsAsync<ValidationException>(() =>
            app.SendAsync(new RespondModel.Respond { RatingId = rating, Kind = "Fix", Note = "已简化材料清单" }, w.Secretary, w.Tenant));
        Assert.Equal("请先记录回访，再记录整改。", Assert.Single(order.Errors).ErrorMessage);
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            app.SendAsync(new RespondModel.Respond { RatingId = rating, Kind = "Callback", Note = "x" }, w.OrgMember, w.Tenant));

        await app.SendAsync(new RespondModel.Respond { RatingId = rating, Kind = "Callback", Note = "已电话回访，对方希望一次告知全部材料" }, w.Secretary, w.Tenant);
        await app.SendAsync(new RespondModel.Respond { RatingId = rating, Kind = "Fix", Note = "初审改为一次性告知清单" }, w.Secretary, w.Tenant);
        Assert.All(await StepsForAsync(app, w, rating), s => Assert.NotNull(s.ClosedAt));
        Assert.Contains(await app.NotificationsAsync(w.Tenant), n => n.UserId == w.OrgMember.Id && n.Title == "整改已完成：#1 社区老年食堂");

        var followUp = await app.SendAsync(Rate(step, RatingLevel.Satisfied, "", "Clear"), w.OrgMember, w.Tenant);
        for (var i = 0; i < 2; i++)
        {
            var again = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(Rate(step, RatingLevel.VerySatisfied), w.OrgMember, w.Tenant));
            Assert.Equal("这项服务已经追评过了，不能再次评价。", Assert.Single(again.Errors).ErrorMessage);
        }
        var detail = await app.SendAsync(new DetailModel.Query { Id = rating }, w.Committee, w.Tenant);
        Assert.Equal([(1, RatingLevel.VeryDissatisfied), (2, RatingLevel.Satisfied)], detail.Ratings.Select(r => (r.Round, r.Level)));
        Assert.True(detail.CalledBack && detail.Fixed && !detail.MayFollowUp);
        Assert.NotEqual(rating, followUp);
        await Assert.ThrowsAsync<ForbiddenException>(() => app.SendAsync(new DetailModel.Query { Id = rating }, w.OtherOrgMember, w.Tenant));

        var quarter = await app.SendAsync(new QuarterlyModel.Query { Year = "2026", Quarter = "2" }, w.Committee, w.Tenant);
        var screening = quarter.Rows.Single(r => r.Step == TimedStep.Screening);
        Assert.Equal((1, 5m, 1, 1, 100m), (screening.Completed, screening.MedianWorkingDays!.Value, screening.Rated, screening.Poor, screening.PoorRate!.Value));
        Assert.Equal(TimedStep.Screening, quarter.Rows[0].Step); // the worst first
        var third = await app.SendAsync(new QuarterlyModel.Query { Year = "2026", Quarter = "3" }, w.Committee, w.Tenant);
        Assert.All(third.Rows, r => Assert.Equal(0, r.Rated));
    }

    [Fact]
    public async Task A_good_rating_opens_nothing_and_cannot_be_given_twice_even_at_once()
    {
        using var app = new NotifyingApp(f);
        var w = await ContestWorld.CreateAsync(f);
        app.SetChinaTime(2026, 6, 16);
        var step = await ClosedScreeningAsync(app, w, new DateOnly(2026, 6, 15));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try { await app.SendAsync(Rate(step, RatingLevel.Satisfied, "很快", "Fast"), w.OrgMember, w.Tenant); return true; }
            catch (ValidationException) { return false; }
        }));
        Assert.Equal(1, results.Count(ok => ok));
        var rows = await app.ReadAsync(w.Tenant, db => db.Set<ServiceRating>().AsNoTracking().Where(r => r.StepId == step).ToListAsync());
        Assert.Equal((RatingLevel.Satisfied, "很快"), (Assert.Single(rows).Level, rows[0].Comment));
        Assert.Equal(["Fast"], rows[0].Tags);
        Assert.Empty(await StepsForAsync(app, w, rows[0].Id));
        var refused = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(Rate(step, RatingLevel.Dissatisfied, "改主意"), w.OrgMember, w.Tenant));
        Assert.Equal("这项服务已经评价过了。", Assert.Single(refused.Errors).ErrorMessage);

        var mine = await app.SendAsync(new IndexModel.Query(), w.OrgMember, w.Tenant);
        var row = Assert.Single(mine.Mine);
        Assert.Equal((RatingLevel.Satisfied, false), (row.Rated!.Value, row.MayRate));
        Assert.Empty((await app.SendAsync(new IndexModel.Query(), w.OtherOrgMember, w.Tenant)).Mine);

        // Hand-offs older than the rating window can no longer be rated.
        app.SetChinaTime(2026, 9, 30);
        Assert.Empty((await app.SendAsync(new IndexModel.Query(), w.OrgMember, w.Tenant)).Mine);
    }
}

using FluentValidation.Results;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Roadshow.Schedule;

/// <summary>
/// The roadshow running order and time slots (路演出场顺序与时段) of a contest's accepted proposals. The secretariat
/// edits them in refinement and the roadshow until the first score sheet is submitted, either row by row or by filling
/// slots automatically; everything is saved together or not at all. Committee and auditors read.
/// </summary>
public class IndexModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<RoadshowResource> t) : PageModel, IReloadOnInvalid
{
    /// <summary>The rows and the fill settings; Save sends the rows, Fill sends the settings with the rows' current order.</summary>
    [BindProperty] public Form Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    public Guid ContestId { get; private set; }
    [TempData] public string? Notice { get; set; }
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));
    private bool _filling;

    public async Task OnGetAsync(Guid contestId)
    {
        ContestId = contestId;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid contestId)
    {
        ContestId = contestId;
        await mediator.Send(new SaveSchedule { ContestId = contestId, Rows = Input.Rows });
        Notice = t["Schedule.SavedNotice"];
        return RedirectToPage("/Contests/Roadshow/Schedule/Index", new { tenant = tenant.Current!.Identifier, contestId });
    }

    public async Task<IActionResult> OnPostFillAsync(Guid contestId)
    {
        ContestId = contestId;
        _filling = true;
        await mediator.Send(new FillSchedule
        {
            ContestId = contestId, Start = Input.Start, SlotMinutes = Input.SlotMinutes, BreakMinutes = Input.BreakMinutes, Rows = Input.Rows,
        });
        Notice = t["Schedule.FilledNotice"];
        return RedirectToPage("/Contests/Roadshow/Schedule/Index", new { tenant = tenant.Current!.Identifier, contestId });
    }

    public async Task ReloadAsync()
    {
        Data = await mediator.Send(new Query { ContestId = ContestId });
        var saved = Data.Rows.Select((r, i) => new SlotRow
        {
            ProposalId = r.ProposalId,
            Order = (r.RunningOrder ?? i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Start = r.SlotStart is { } s ? ScheduleRules.Text(s) : "",
            Minutes = r.SlotMinutes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        }).ToList();
        var samePlaces = Input.Rows.Select(r => r.ProposalId).Order().SequenceEqual(saved.Select(r => r.ProposalId).Order());
        if (!samePlaces)
        {
            Input.Rows = saved; // first view, or the list changed under the form: show what is stored
        }
        else if (_filling)
        {
            // The fill form sends only the order: keep the stored times beside it.
            foreach (var row in Input.Rows)
            {
                var stored = saved.Single(s => s.ProposalId == row.ProposalId);
                (row.Start, row.Minutes) = (stored.Start, stored.Minutes);
            }
        }
    }

    public sealed class Form
    {
        public List<SlotRow> Rows { get; set; } = [];
        public string Start { get; set; } = "09:00";
        public string SlotMinutes { get; set; } = "15";
        public string BreakMinutes { get; set; } = "5";
    }

    public sealed record Row(Guid ProposalId, int Number, string Title, string Organisation, int? RunningOrder, TimeOnly? SlotStart, int? SlotMinutes);

    /// <summary><see cref="ReadOnlyReason"/> says why the schedule cannot be changed now; null when it can.</summary>
    public sealed record View(Guid ContestId, string ContestTitle, ContestStage Stage, DateOnly RoadshowDate, string? ReadOnlyReason, IReadOnlyList<Row> Rows)
    {
        public bool Editable => ReadOnlyReason is null;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, IStringLocalizer<RoadshowResource> t, IStringLocalizer<ContestResource> c) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await RoadshowWindows.ContestAsync(db, request.ContestId, cancellationToken);
            var rows = await ScheduleData.RowsAsync(db, contest.Id, cancellationToken);
            var refusal = await ScheduleData.ReadOnlyReasonAsync(db, contest, t, c, cancellationToken);
            return new View(contest.Id, contest.Title, contest.Stage, contest.RoadshowDate, refusal, rows);
        }
    }

    /// <summary>Save the order and slot of every accepted proposal at once; any mistake refuses the lot. Secretariat only.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class SaveSchedule : ICommand<Unit>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public List<SlotRow> Rows { get; set; } = [];
        string? IHasAuditTarget.AuditTarget => ContestId.ToString();
    }

    public sealed class SaveScheduleHandler(AppDbContext db, IStringLocalizer<RoadshowResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<SaveSchedule, Unit>
    {
        public async Task<Unit> Handle(SaveSchedule request, CancellationToken cancellationToken)
        {
            var (proposals, _) = await ScheduleData.EditableAsync(db, request.ContestId, t, c, cancellationToken);
            ScheduleData.EnsureSameProposals(request.Rows, proposals, t);
            var n = proposals.Count;
            var failures = new List<ValidationFailure>();
            var slots = new List<Slot>(n);
            for (var i = 0; i < request.Rows.Count; i++)
            {
                var row = request.Rows[i];
                var prefix = $"{nameof(SaveSchedule.Rows)}[{i}].";
                var okOrder = ScheduleRules.TryWhole(row.Order, out var order) && order >= 1 && order <= n;
                if (!okOrder) failures.Add(new(prefix + nameof(SlotRow.Order), t["Schedule.OrderRange", n]));
                var okStart = ScheduleRules.TryTime(row.Start, out var start);
                if (!okStart) failures.Add(new(prefix + nameof(SlotRow.Start), t["Schedule.BadTime"]));
                var okMinutes = ScheduleRules.TryWhole(row.Minutes, out var minutes) && minutes is >= ScheduleRules.MinutesMin and <= ScheduleRules.MinutesMax;
                if (!okMinutes) failures.Add(new(prefix + nameof(SlotRow.Minutes), t["Schedule.MinutesRange", ScheduleRules.MinutesMin, ScheduleRules.MinutesMax]));
                else if (okStart && !ScheduleRules.EndsSameDay(start, minutes)) failures.Add(new(prefix + nameof(SlotRow.Minutes), t["Schedule.PastMidnight"]));
                if (failures.Count == 0) slots.Add(new Slot(row.ProposalId, proposals[row.ProposalId].Number, order, start, minutes));
            }
            if (failures.Count > 0)
            {
                failures.Insert(0, new ValidationFailure("", t["Schedule.FixRows", failures.Count]));
                throw new ValidationException(failures);
            }
            var problems = ScheduleRules.Check(slots);
            if (problems.Count > 0) throw new ValidationException(problems.Select(p => new ValidationFailure("", ScheduleData.Message(p, t))));

            foreach (var slot in slots)
            {
                var p = proposals[slot.ProposalId];
                (p.RunningOrder, p.SlotStart, p.SlotMinutes) = (slot.Order, slot.Start, slot.Minutes);
            }
            return Unit.Value;
        }
    }

    /// <summary>
    /// Fill the slots back to back (start, slot length, break) in the running order the rows give, or, when no rows are
    /// sent, in the stored order with unordered proposals after them by number. Secretariat only.
    /// </summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class FillSchedule : ICommand<Unit>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public string Start { get; set; } = "";
        public string SlotMinutes { get; set; } = "";
        public string BreakMinutes { get; set; } = "";
        /// <summary>Only <see cref="SlotRow.ProposalId"/> and <see cref="SlotRow.Order"/> are read.</summary>
        public List<SlotRow> Rows { get; set; } = [];
        string? IHasAuditTarget.AuditTarget => $"{ContestId}:{Start}+{SlotMinutes}+{BreakMinutes}";
    }

    public sealed class FillScheduleValidator : AbstractValidator<FillSchedule>
    {
        public FillScheduleValidator(IStringLocalizer<RoadshowResource> t)
        {
            RuleFor(c => c.Start).Must(s => ScheduleRules.TryTime(s, out _)).WithMessage(_ => t["Schedule.BadTime"]);
            RuleFor(c => c.SlotMinutes).Must(s => ScheduleRules.TryWhole(s, out var m) && m is >= ScheduleRules.MinutesMin and <= ScheduleRules.MinutesMax)
                .WithMessage(_ => t["Schedule.MinutesRange", ScheduleRules.MinutesMin, ScheduleRules.MinutesMax]);
            RuleFor(c => c.BreakMinutes).Must(s => ScheduleRules.TryWhole(s, out var m) && m <= ScheduleRules.BreakMax)
                .WithMessage(_ => t["Schedule.BreakRange", ScheduleRules.BreakMax]);
        }
    }

    public sealed class FillScheduleHandler(AppDbContext db, IStringLocalizer<RoadshowResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<FillSchedule, Unit>
    {
        public async Task<Unit> Handle(FillSchedule request, CancellationToken cancellationToken)
        {
            var (proposals, _) = await ScheduleData.EditableAsync(db, request.ContestId, t, c, cancellationToken);
            ScheduleRules.TryTime(request.Start, out var start);
            ScheduleRules.TryWhole(request.SlotMinutes, out var minutes);
            ScheduleRules.TryWhole(request.BreakMinutes, out var pause);
            List<Proposal> ordered;
            if (request.Rows.Count == 0)
            {
                ordered = [.. proposals.Values.OrderBy(p => p.RunningOrder ?? int.MaxValue).ThenBy(p => p.Number)];
            }
            else
            {
                ScheduleData.EnsureSameProposals(request.Rows, proposals, t);
                var failures = new List<ValidationFailure>();
                var orders = new List<(Proposal Proposal, int Order)>();
                for (var i = 0; i < request.Rows.Count; i++)
                {
                    var row = request.Rows[i];
                    if (ScheduleRules.TryWhole(row.Order, out var order) && order >= 1 && order <= proposals.Count) orders.Add((proposals[row.ProposalId], order));
                    else failures.Add(new($"{nameof(FillSchedule.Rows)}[{i}].{nameof(SlotRow.Order)}", t["Schedule.OrderRange", proposals.Count]));
                }
                foreach (var same in orders.GroupBy(o => o.Order).Where(g => g.Count() > 1).OrderBy(g => g.Key))
                {
                    var numbers = same.Select(o => o.Proposal.Number).Order().ToList();
                    failures.Add(new("", t["Schedule.DuplicateOrder", same.Key, numbers[0], numbers[1]]));
                }
                if (failures.Count > 0) throw new ValidationException(failures);
                ordered = [.. orders.OrderBy(o => o.Order).Select(o => o.Proposal)];
            }
            var starts = ScheduleRules.Fill(start, minutes, pause, ordered.Count)
                         ?? throw Refusal.Because(t["Schedule.FillPastMidnight"], nameof(FillSchedule.Start));
            for (var i = 0; i < ordered.Count; i++)
                (ordered[i].RunningOrder, ordered[i].SlotStart, ordered[i].SlotMinutes) = (i + 1, starts[i], minutes);
            return Unit.Value;
        }
    }
}

/// <summary>What the schedule page, its commands and the printable schedule read.</summary>
public static class ScheduleData
{
    public static Task<List<IndexModel.Row>> RowsAsync(AppDbContext db, Guid contestId, CancellationToken ct) =>
        (from p in db.Set<Proposal>()
         join o in db.Set<Organisation>() on p.OrganisationId equals o.Id
         where p.ContestId == contestId && p.Status == ProposalStatus.Accepted
         orderby p.RunningOrder == null, p.RunningOrder, p.Number
         select new IndexModel.Row(p.Id, p.Number, p.Title, o.Name, p.RunningOrder, p.SlotStart, p.SlotMinutes)).ToListAsync(ct);

    /// <summary>Why the schedule is read-only now (wrong stage, or scoring has begun); null when it may change.</summary>
    public static async Task<string?> ReadOnlyReasonAsync(
        AppDbContext db, Contest contest, IStringLocalizer<RoadshowResource> t, IStringLocalizer<ContestResource> c, CancellationToken ct)
    {
        if (!RoadshowWindows.ScheduleStage(contest.Stage)) return t["Schedule.ReadOnlyStage", c["ContestStage." + contest.Stage]].Value;
        var scored = await db.Set<ScoreSheet>().AnyAsync(s => s.ContestId == contest.Id && s.Status == SheetStatus.Submitted, ct);
        return scored ? t["Schedule.ReadOnlySheets"].Value : null;
    }

    /// <summary>The contest's accepted proposals, tracked, once the schedule may change; refused with the reason otherwise.</summary>
    public static async Task<(Dictionary<Guid, Proposal> Proposals, Contest Contest)> EditableAsync(
        AppDbContext db, Guid contestId, IStringLocalizer<RoadshowResource> t, IStringLocalizer<ContestResource> c, CancellationToken ct)
    {
        var contest = await RoadshowWindows.ContestAsync(db, contestId, ct);
        if (await ReadOnlyReasonAsync(db, contest, t, c, ct) is { } reason) throw Refusal.Because(reason);
        var proposals = await db.Set<Proposal>().Where(p => p.ContestId == contestId && p.Status == ProposalStatus.Accepted).ToDictionaryAsync(p => p.Id, ct);
        if (proposals.Count == 0) throw Refusal.Because(t["Schedule.NoProposals"]);
        return (proposals, contest);
    }

    /// <summary>The form must list exactly the accepted proposals, each once; otherwise the list changed since it was opened.</summary>
    public static void EnsureSameProposals(IReadOnlyList<SlotRow> rows, IReadOnlyDictionary<Guid, Proposal> proposals, IStringLocalizer<RoadshowResource> t)
    {
        var ids = rows.Select(r => r.ProposalId).ToList();
        if (ids.Count != proposals.Count || ids.Distinct().Count() != ids.Count || !ids.All(proposals.ContainsKey))
            throw Refusal.Because(t["Schedule.RowsChanged"]);
    }

    public static string Message(ScheduleProblem p, IStringLocalizer<RoadshowResource> t) => p.Code switch
    {
        ScheduleProblemCode.DuplicateOrder => t["Schedule.DuplicateOrder", p.First.Order, p.First.Number, p.Second.Number],
        ScheduleProblemCode.Overlap => t["Schedule.Overlap", p.First.Number, p.First.Range, p.Second.Number, p.Second.Range],
        _ => t["Schedule.TimesNotInOrder", p.Second.Number, p.Second.Order, ScheduleRules.Text(p.Second.Start), p.First.Order, ScheduleRules.Text(p.First.Start)],
    };
}

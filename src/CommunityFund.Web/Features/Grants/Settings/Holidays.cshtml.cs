using FluentValidation.Results;
using MySqlConnector;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Settings;

/// <summary>
/// The holidays (and adjusted rest days) that time limits skip. The settings page shows this year's and offers the same
/// add and remove forms, which post here; this page lists every year's and shows a refused form again.
/// </summary>
public class HolidaysModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<GrantsApprovalResource> t) : PageModel, IReloadOnInvalid
{
    public const int PageSize = 50;

    [BindProperty] public AddHoliday Input { get; set; } = new();
    public Result Data { get; private set; } = new([], 1, 1);
    public bool CanEdit => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));
    private int _page = 1;

    public async Task OnGetAsync(int p = 1)
    {
        _page = p;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await mediator.Send(Input);
        TempData["Notice"] = t["Holidays.AddedNotice", Input.Date.Trim()].Value;
        return RedirectToPage("/Grants/Settings/Index", null, new { tenant = tenant.Current!.Identifier }, "holidays");
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid holidayId)
    {
        var date = await mediator.Send(new RemoveHoliday { HolidayId = holidayId });
        TempData["Notice"] = t["Holidays.RemovedNotice", Formats.Date(date)].Value;
        return RedirectToPage("/Grants/Settings/Index", null, new { tenant = tenant.Current!.Identifier }, "holidays");
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { Page = _page });

    public sealed record Result(IReadOnlyList<IndexModel.HolidayRow> Rows, int Page, int Pages);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public int Page { get; init; } = 1;
    }

    public sealed class QueryHandler(AppDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var holidays = db.Set<Holiday>().AsNoTracking();
            var count = await holidays.CountAsync(cancellationToken);
            var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await holidays.OrderByDescending(h => h.Date).Skip((page - 1) * PageSize).Take(PageSize)
                .Select(h => new IndexModel.HolidayRow(h.Id, h.Date, h.Name, h.IsWorkingDay)).ToListAsync(cancellationToken);
            return new Result(rows, page, pages);
        }
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class AddHoliday : ICommand<Guid>, IHasAuditTarget
    {
        /// <summary>yyyy-MM-dd.</summary>
        public string Date { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>A weekend day worked in exchange (调休上班) rather than a day off.</summary>
        public bool IsWorkingDay { get; set; }
        string? IHasAuditTarget.AuditTarget => $"{(IsWorkingDay ? "working day" : "holiday")} {Date.Trim()}";
    }

    public sealed class Validator : AbstractValidator<AddHoliday>
    {
        public Validator(IStringLocalizer<GrantsApprovalResource> t, AppDbContext db)
        {
            RuleFor(c => c.Date).Cascade(CascadeMode.Stop)
                .Must(d => InputRules.TryDate(d, out _)).WithMessage(_ => t["Holidays.DateInvalid"])
                .MustAsync(async (d, ct) => !await db.Set<Holiday>().AnyAsync(h => h.Date == InputRules.Date(d), ct))
                .WithMessage(c => t["Holidays.Duplicate", c.Date.Trim()]);
            RuleFor(c => c.Date)
                .Must(d => InputRules.Date(d).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                .When(c => c.IsWorkingDay && InputRules.TryDate(c.Date, out _))
                .WithMessage(c => t["Holidays.WorkingDayNotWeekend", c.Date.Trim()]);
            RuleFor(c => c.Name).Cascade(CascadeMode.Stop)
                .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => t["Holidays.NameRequired"])
                .Must(n => n.Trim().Length <= Holiday.NameMax).WithMessage(_ => t["Field.TooLong", Holiday.NameMax]);
        }
    }

    public sealed class AddHandler(UnitOfWork unitOfWork, AppDbContext db, IStringLocalizer<GrantsApprovalResource> t) : IRequestHandler<AddHoliday, Guid>
    {
        public async Task<Guid> Handle(AddHoliday request, CancellationToken cancellationToken)
        {
            var holiday = new Holiday { Date = InputRules.Date(request.Date), Name = request.Name.Trim(), IsWorkingDay = request.IsWorkingDay };
            db.Add(holiday);
            unitOfWork.OnConflict(t["Holidays.Duplicate", request.Date.Trim()], nameof(AddHoliday.Date));
            return holiday.Id;
        }
    }

    /// <summary>Removes a holiday entered by mistake. Returns its date.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class RemoveHoliday : ICommand<DateOnly>, IHasAuditTarget
    {
        public Guid HolidayId { get; set; }
        string? IHasAuditTarget.AuditTarget => $"holiday {HolidayId} remove";
    }

    public sealed class RemoveHandler(AppDbContext db) : IRequestHandler<RemoveHoliday, DateOnly>
    {
        public async Task<DateOnly> Handle(RemoveHoliday request, CancellationToken cancellationToken)
        {
            var holiday = await db.Set<Holiday>().SingleOrDefaultAsync(h => h.Id == request.HolidayId, cancellationToken)
                          ?? throw new NotFoundException("No such holiday in this tenant.");
            db.Remove(holiday);
            return holiday.Date;
        }
    }
}

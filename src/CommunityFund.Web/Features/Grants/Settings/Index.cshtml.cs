using System.Globalization;
using FluentValidation.Results;
using MySqlConnector;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Settings;

/// <summary>One approval tier as the form sends it: the limit as typed (blank = no limit), the approvals, the chair.</summary>
public sealed class TierInput
{
    public string UpTo { get; set; } = "";
    public int Approvals { get; set; } = 1;
    public bool ChairRequired { get; set; }
}

/// <summary>
/// The tenant's grant rules (DESIGN §5): approval tiers by amount, the committee chair, and the time limit of each step
/// in working days; the holidays the working-day count skips are listed here too. The secretariat edits; the
/// committee and the auditor read. A tenant that never saved sees the defaults it is running under.
/// </summary>
public class IndexModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<GrantsApprovalResource> t) : PageModel, IReloadOnInvalid
{
    public const int MinDays = 1, MaxDays = 60, MaxTiers = 10;

    [BindProperty] public Save Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public bool CanEdit => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync()
    {
        var (form, view) = await mediator.Send(new Query());
        Input = form;
        Data = view;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await mediator.Send(Input);
        Notice = t["Settings.SavedNotice"];
        return RedirectToPage("/Grants/Settings/Index", new { tenant = tenant.Current!.Identifier });
    }

    public async Task ReloadAsync() => Data = (await mediator.Send(new Query())).View;

    public sealed record HolidayRow(Guid Id, DateOnly Date, string Name, bool IsWorkingDay);

    public sealed record View(
        bool Saved, IReadOnlyList<CommitteeMember> Committee, string? ChairName, bool ChairMissing, IReadOnlyList<HolidayRow> Holidays, int EarlierHolidays);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<(Save Form, View View)>;

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, TimeProvider clock) : IRequestHandler<Query, (Save Form, View View)>
    {
        public async Task<(Save Form, View View)> Handle(Query request, CancellationToken cancellationToken)
        {
            var saved = await db.Set<GrantSettings>().AnyAsync(cancellationToken);
            var settings = await GrantSettingsStore.LoadAsync(db, cancellationToken);
            var policy = settings.GetPolicy();
            var form = new Save
            {
                Tiers = policy.Tiers.Select(x => new TierInput
                {
                    UpTo = x.UpTo is { } upTo ? upTo.ToString("0.00", CultureInfo.InvariantCulture) : "", Approvals = x.Approvals, ChairRequired = x.ChairRequired,
                }).ToList(),
                ChairId = settings.ChairId,
                ScreeningDays = settings.ScreeningDays, ClaimReviewDays = settings.ClaimReviewDays, ApprovalDays = settings.ApprovalDays,
                PaymentDays = settings.PaymentDays, ReportReviewDays = settings.ReportReviewDays, Version = settings.Version,
            };
            var committee = await ApprovalAccess.CommitteeAsync(db, catalog, cancellationToken);
            // This year's holidays and later; older ones are kept (past time limits were counted with them) but not listed here.
            var yearStart = new DateOnly(clock.Today().Year, 1, 1);
            var holidays = await db.Set<Holiday>().AsNoTracking().Where(h => h.Date >= yearStart).OrderBy(h => h.Date)
                .Select(h => new HolidayRow(h.Id, h.Date, h.Name, h.IsWorkingDay)).ToListAsync(cancellationToken);
            var earlier = await db.Set<Holiday>().CountAsync(h => h.Date < yearStart, cancellationToken);
            var chairName = settings.ChairId is { } chair ? committee.FirstOrDefault(m => m.UserId == chair)?.Name : null;
            return (form, new View(saved, committee, chairName, policy.Tiers.Any(x => x.ChairRequired) && chairName is null, holidays, earlier));
        }
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Save : ICommand<Unit>, IHasAuditTarget
    {
        public List<TierInput> Tiers { get; set; } = [];
        public Guid? ChairId { get; set; }
        public int ScreeningDays { get; set; }
        public int ClaimReviewDays { get; set; }
        public int ApprovalDays { get; set; }
        public int PaymentDays { get; set; }
        public int ReportReviewDays { get; set; }
        public int Version { get; set; }
        string? IHasAuditTarget.AuditTarget => "grant-settings";

        /// <summary>The tiers as a policy; only after every limit has parsed.</summary>
        public ApprovalPolicy ToPolicy() =>
            new(Tiers.Select(x => new ApprovalTier(string.IsNullOrWhiteSpace(x.UpTo) ? null : InputRules.Amount(x.UpTo), x.Approvals, x.ChairRequired)).ToList());
    }

    public sealed class Validator : AbstractValidator<Save>
    {
        public Validator(IStringLocalizer<GrantsApprovalResource> t, IStringLocalizer<KernelResource> l, AppDbContext db)
        {
            RuleFor(c => c).CustomAsync(async (c, context, ct) =>
            {
                if (c.Tiers.Count > MaxTiers)
                {
                    context.AddFailure(new ValidationFailure(nameof(Save.Tiers), t["Tiers.TooMany", MaxTiers]));
                    return;
                }
                var amountsOk = true;
                for (var i = 0; i < c.Tiers.Count; i++)
                {
                    if (string.IsNullOrWhiteSpace(c.Tiers[i].UpTo)) continue;
                    var problem = MoneyInput.Parse(c.Tiers[i].UpTo, out _);
                    if (problem == MoneyInput.Problem.None) continue;
                    amountsOk = false;
                    context.AddFailure(new ValidationFailure($"{nameof(Save.Tiers)}[{i}].{nameof(TierInput.UpTo)}", l[MoneyInput.MessageKey(problem)]));
                }
                if (!amountsOk) return;
                var policy = c.ToPolicy();
                foreach (var code in policy.Validate())
                    context.AddFailure(new ValidationFailure(nameof(Save.Tiers), Message(t, code)));

                var committee = await db.Set<TenantMembership>().Where(m => m.Role == TenantRole.Committee).Select(m => m.UserId).Distinct().ToListAsync(ct);
                var most = c.Tiers.Count == 0 ? 0 : c.Tiers.Max(x => x.Approvals);
                if (most > committee.Count)
                    context.AddFailure(new ValidationFailure(nameof(Save.Tiers), t["Tiers.MoreThanCommittee", most, committee.Count]));
                if (c.ChairId is { } chair && !committee.Contains(chair))
                    context.AddFailure(new ValidationFailure(nameof(Save.ChairId), t["Settings.ChairNotCommittee"]));
                else if (c.ChairId is null && c.Tiers.Any(x => x.ChairRequired))
                    context.AddFailure(new ValidationFailure(nameof(Save.ChairId), t["Settings.ChairNeeded"]));
            });
            RuleFor(c => c.ScreeningDays).InclusiveBetween(MinDays, MaxDays).WithMessage(_ => t["Settings.DaysRange", t["TimedStep.Screening"], MinDays, MaxDays]);
            RuleFor(c => c.ClaimReviewDays).InclusiveBetween(MinDays, MaxDays).WithMessage(_ => t["Settings.DaysRange", t["TimedStep.ClaimReview"], MinDays, MaxDays]);
            RuleFor(c => c.ApprovalDays).InclusiveBetween(MinDays, MaxDays).WithMessage(_ => t["Settings.DaysRange", t["TimedStep.Approval"], MinDays, MaxDays]);
            RuleFor(c => c.PaymentDays).InclusiveBetween(MinDays, MaxDays).WithMessage(_ => t["Settings.DaysRange", t["TimedStep.Payment"], MinDays, MaxDays]);
            RuleFor(c => c.ReportReviewDays).InclusiveBetween(MinDays, MaxDays).WithMessage(_ => t["Settings.DaysRange", t["TimedStep.ReportReview"], MinDays, MaxDays]);
        }

        public static string Message(IStringLocalizer<GrantsApprovalResource> t, ApprovalProblemCode code) => code switch
        {
            ApprovalProblemCode.NoTiers => t["Tiers.NoTiers"],
            ApprovalProblemCode.LastTierBounded => t["Tiers.LastTierBounded"],
            ApprovalProblemCode.TiersNotAscending => t["Tiers.NotAscending"],
            ApprovalProblemCode.ApprovalsBelowOne => t["Tiers.ApprovalsBelowOne"],
            ApprovalProblemCode.ApprovalsFewerThanBelow => t["Tiers.FewerThanBelow"],
            _ => code.ToString(),
        };
    }

    public sealed class Handler(UnitOfWork unitOfWork, AppDbContext db, IStringLocalizer<GrantsApprovalResource> t) : IRequestHandler<Save, Unit>
    {
        public async Task<Unit> Handle(Save request, CancellationToken cancellationToken)
        {
            var row = await db.Set<GrantSettings>().SingleOrDefaultAsync(cancellationToken);
            if ((row?.Version ?? 0) != request.Version) throw Refusal.Because(t["Settings.Stale"]);
            if (row is null)
            {
                // The tenant id is the key: set it, or EF would generate a random Guid for it on Add.
                row = new GrantSettings { TenantId = db.CurrentTenantId ?? throw new TenantMismatchException("No tenant.") };
                db.Add(row);
            }
            row.SetPolicy(request.ToPolicy());
            row.ChairId = request.ChairId;
            row.ScreeningDays = request.ScreeningDays;
            row.ClaimReviewDays = request.ClaimReviewDays;
            row.ApprovalDays = request.ApprovalDays;
            row.PaymentDays = request.PaymentDays;
            row.ReportReviewDays = request.ReportReviewDays;
            row.Version = request.Version + 1;
            // UPDATE … WHERE Version = (what the form was loaded with); two first saves meet on the primary key.
            unitOfWork.OnConflict(t["Settings.Stale"]);
            return Unit.Value;
        }
    }
}

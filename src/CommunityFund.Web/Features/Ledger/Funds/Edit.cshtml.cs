using System.Text.RegularExpressions;

namespace CommunityFund.Web.Features.Ledger.Funds;

/// <summary>Create a fund (id empty) or edit its names, purpose and end date. Code and kind are fixed once created.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.Secretariat)]
public partial class EditModel(IMediator mediator, AppDbContext db, ITenantContext tenant) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    public bool IsNew => Input.Id is null;

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        if (id is null) return Page();
        var fund = await db.Set<Fund>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id);
        if (fund is null) return NotFound();
        Input = new Command
        {
            Id = fund.Id, Code = fund.Code, NameZh = fund.NameZh, NameEn = fund.NameEn, Kind = fund.Kind.ToString(),
            Purpose = fund.Purpose ?? "", EndDate = fund.EndDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id)
    {
        Input.Id = id;
        await mediator.Send(Input);
        return RedirectToPage("/Ledger/Funds/Index", new { tenant = tenant.Current!.Identifier });
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<Guid>, IHasAuditTarget
    {
        public Guid? Id { get; set; }
        public string Code { get; set; } = "";
        public string NameZh { get; set; } = "";
        public string NameEn { get; set; } = "";
        public string Kind { get; set; } = nameof(FundKind.Unrestricted);
        public string Purpose { get; set; } = "";
        public string EndDate { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => Code;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,20}$")]
    private static partial Regex CodePattern();

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<LedgerResource> l, AppDbContext db)
        {
            RuleFor(c => c.Code).Cascade(CascadeMode.Stop)
                .Must(c => CodePattern().IsMatch(c ?? "")).WithMessage(_ => l["Funds.CodeFormat"])
                .MustAsync(async (c, code, ct) => c.Id is not null || !await db.Set<Fund>().AnyAsync(f => f.Code == code, ct))
                .WithMessage((c, code) => l["Funds.CodeTaken", code]);
            RuleFor(c => c.NameZh).NotEmpty().WithMessage(_ => l["Funds.NameZhRequired"]).MaximumLength(100).WithMessage(_ => l["Field.TooLong", 100]);
            RuleFor(c => c.NameEn).NotEmpty().WithMessage(_ => l["Funds.NameEnRequired"]).MaximumLength(150).WithMessage(_ => l["Field.TooLong", 150]);
            RuleFor(c => c.Kind).Must(k => Enum.TryParse<FundKind>(k, false, out var v) && Enum.IsDefined(v) && !k.Any(char.IsDigit))
                .WithMessage(_ => l["Funds.KindUnknown"]);
            RuleFor(c => c.Purpose).NotEmpty().When(c => c.Kind == nameof(FundKind.Restricted)).WithMessage(_ => l["Funds.PurposeRequired"])
                .MaximumLength(500).WithMessage(_ => l["Field.TooLong", 500]);
            RuleFor(c => c.EndDate).Must(d => string.IsNullOrWhiteSpace(d) || LedgerRules.TryDate(d, out _)).WithMessage(_ => l["Ledger.DateInvalid"]);
            RuleFor(c => c.Id).MustAsync(async (id, ct) => id is null || await db.Set<Fund>().AnyAsync(f => f.Id == id, ct))
                .WithMessage(_ => l["Ledger.UnknownFund"]);
        }
    }

    public sealed class Handler(AppDbContext db, TimeProvider clock) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            DateOnly? end = string.IsNullOrWhiteSpace(request.EndDate) ? null : LedgerRules.Date(request.EndDate);
            var purpose = string.IsNullOrWhiteSpace(request.Purpose) ? null : request.Purpose.Trim();
            if (request.Id is { } id)
            {
                var fund = await db.Set<Fund>().SingleAsync(f => f.Id == id, cancellationToken);
                fund.NameZh = request.NameZh.Trim();
                fund.NameEn = request.NameEn.Trim();
                fund.Purpose = purpose;
                fund.EndDate = end;
                return fund.Id;
            }
            await ChartOfAccounts.EnsureAsync(db, cancellationToken); // a tenant's first fund brings the standard chart with it
            var created = new Fund
            {
                Code = request.Code.Trim(), NameZh = request.NameZh.Trim(), NameEn = request.NameEn.Trim(),
                Kind = Enum.Parse<FundKind>(request.Kind), Purpose = purpose, EndDate = end, CreatedAt = clock.GetUtcNow(),
            };
            db.Add(created);
            return created.Id;
        }
    }
}

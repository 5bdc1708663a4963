using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Admin.Tenants;

public class CreateModel(IMediator mediator) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    [TempData] public string? Notice { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await mediator.Send(Input);
        Notice = "Admin.Tenants.Created";
        return RedirectToPage("Index");
    }

    [RequiresPlatformAdmin]
    public sealed class Command : IPlatformCommand<Guid>, IHasAuditTarget
    {
        public string Identifier { get; set; } = "";
        public string NameZh { get; set; } = "";
        public string NameEn { get; set; } = "";
        public string District { get; set; } = "";
        public string? ConnectionString { get; set; }
        string? IHasAuditTarget.AuditTarget => Identifier;
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<SharedResource> l, CatalogDbContext db)
        {
            RuleFor(c => c.Identifier).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(_ => l["Validation.IdentifierRequired"])
                .MaximumLength(63).WithMessage(_ => l["Validation.TooLong", 63])
                .Must(TenantSlug.IsValid).WithMessage(c => TenantSlug.Reserved.Contains(c.Identifier) ? l["Validation.IdentifierReserved", c.Identifier] : l["Validation.IdentifierFormat"])
                .MustAsync(async (id, ct) => !await db.Tenants.AnyAsync(t => t.Identifier == id, ct)).WithMessage(c => l["Validation.IdentifierTaken", c.Identifier]);
            RuleFor(c => c.NameZh).NotEmpty().WithMessage(_ => l["Validation.NameZhRequired"])
                .MaximumLength(100).WithMessage(_ => l["Validation.TooLong", 100]);
            RuleFor(c => c.NameEn).NotEmpty().WithMessage(_ => l["Validation.NameEnRequired"])
                .MaximumLength(150).WithMessage(_ => l["Validation.TooLong", 150]);
            RuleFor(c => c.District).MaximumLength(100).WithMessage(_ => l["Validation.TooLong", 100]);
            RuleFor(c => c.ConnectionString).MaximumLength(500).WithMessage(_ => l["Validation.TooLong", 500]);
        }
    }

    public sealed class Handler(CatalogDbContext db, TimeProvider clock) : IRequestHandler<Command, Guid>
    {
        public Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenant = new Tenant
            {
                Identifier = request.Identifier,
                NameZh = request.NameZh.Trim(),
                NameEn = request.NameEn.Trim(),
                District = request.District.Trim(),
                ConnectionString = string.IsNullOrWhiteSpace(request.ConnectionString) ? null : request.ConnectionString.Trim(),
                CreatedAt = clock.GetUtcNow(),
            };
            db.Tenants.Add(tenant);
            return Task.FromResult(tenant.Id);
        }
    }
}

using System.Text.RegularExpressions;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Accounts;

/// <summary>Adds an account to the chart, or changes one's code, names and (while nothing is posted to it) type.</summary>
public partial class EditModel(IMediator mediator, ITenantContext tenant) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public Loaded? Existing { get; private set; }

    public async Task OnGetAsync(Guid? id)
    {
        if (id is null) return;
        Existing = await mediator.Send(new Query { Id = id.Value });
        Input = new Command { Id = Existing.Id, Code = Existing.Code, NameZh = Existing.NameZh, NameEn = Existing.NameEn, Type = Existing.Type.ToString() };
    }

    public async Task<IActionResult> OnPostAsync(Guid? id)
    {
        Input.Id = id;
        await mediator.Send(Input);
        TempData["Notice"] = id is null ? "Books.Accounts.Created" : "Books.Accounts.Saved";
        return RedirectToPage("/Ledger/Accounts/Index", new { tenant = tenant.Current!.Identifier });
    }

    public async Task ReloadAsync()
    {
        if (Input.Id is { } id) Existing = await mediator.Send(new Query { Id = id });
    }

    public sealed record Loaded(Guid Id, string Code, string NameZh, string NameEn, AccountType Type, string? SystemKey, bool HasPostings)
    {
        /// <summary>The overdraft guard and the reports rely on an account's type: it is fixed once the account is used or the code relies on it.</summary>
        public bool TypeLocked => SystemKey is not null || HasPostings;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Loaded>
    {
        public Guid Id { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db) : IRequestHandler<Query, Loaded>
    {
        public async Task<Loaded> Handle(Query request, CancellationToken cancellationToken) =>
            await db.Set<LedgerAccount>().AsNoTracking().Where(a => a.Id == request.Id)
                .Select(a => new Loaded(a.Id, a.Code, a.NameZh, a.NameEn, a.Type, a.SystemKey, db.Set<JournalLine>().Any(l => l.AccountId == a.Id)))
                .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("No such account in this tenant.");
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<Guid>, IHasAuditTarget
    {
        /// <summary>Empty for a new account. Taken from the route, never from the form.</summary>
        public Guid? Id { get; set; }
        public string Code { get; set; } = "";
        public string NameZh { get; set; } = "";
        public string NameEn { get; set; } = "";
        /// <summary>Bound as text so an unknown type is refused with a message rather than defaulted.</summary>
        public string Type { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => Id?.ToString() ?? Code;
    }

    /// <summary>Codes go into exports and the ledger-cli journal as account names, so they stay plain: letters, digits, '.', '-' and '_'.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    public static partial Regex CodePattern();

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(AppDbContext db, IStringLocalizer<LedgerBooksResource> l)
        {
            RuleFor(c => c.Code).Cascade(CascadeMode.Stop)
                .Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage(_ => l["Books.Accounts.CodeRequired"])
                .Must(c => c.Trim().Length <= 20).WithMessage(_ => l["Books.Validation.TooLong", 20])
                .Must(c => CodePattern().IsMatch(c.Trim())).WithMessage(_ => l["Books.Accounts.CodeFormat"])
                .MustAsync(async (command, code, ct) =>
                {
                    var trimmed = code.Trim();
                    return !await db.Set<LedgerAccount>().AnyAsync(a => a.Code == trimmed && a.Id != command.Id, ct);
                }).WithMessage(c => l["Books.Accounts.CodeTaken", c.Code.Trim()]);
            RuleFor(c => c.NameZh).Cascade(CascadeMode.Stop)
                .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["Books.Accounts.NameZhRequired"])
                .Must(n => n.Trim().Length <= 100).WithMessage(_ => l["Books.Validation.TooLong", 100]);
            RuleFor(c => c.NameEn).Cascade(CascadeMode.Stop)
                .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["Books.Accounts.NameEnRequired"])
                .Must(n => n.Trim().Length <= 150).WithMessage(_ => l["Books.Validation.TooLong", 150]);
            RuleFor(c => c.Type).Cascade(CascadeMode.Stop)
                .Must(t => Books.TryParseType(t, out _)).WithMessage(_ => l["Books.Accounts.TypeUnknown"])
                .MustAsync(async (command, type, ct) =>
                {
                    if (command.Id is not { } id || !Books.TryParseType(type, out var wanted)) return true;
                    var current = await db.Set<LedgerAccount>().AsNoTracking().Where(a => a.Id == id)
                        .Select(a => new { a.Type, a.SystemKey, Posted = db.Set<JournalLine>().Any(x => x.AccountId == a.Id) }).FirstOrDefaultAsync(ct);
                    return current is null || current.Type == wanted || (current.SystemKey is null && !current.Posted);
                }).WithMessage(_ => l["Books.Accounts.TypeLocked"]);
        }
    }

    public sealed class Handler(AppDbContext db) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            if (!Books.TryParseType(request.Type, out var type)) throw new InvalidOperationException("The validator admits only known types.");
            LedgerAccount account;
            if (request.Id is { } id)
            {
                account = await db.Set<LedgerAccount>().FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
                          ?? throw new NotFoundException("No such account in this tenant.");
            }
            else
            {
                account = new LedgerAccount();
                db.Add(account);
            }
            account.Code = request.Code.Trim();
            account.NameZh = request.NameZh.Trim();
            account.NameEn = request.NameEn.Trim();
            account.Type = type;
            return account.Id;
        }
    }
}

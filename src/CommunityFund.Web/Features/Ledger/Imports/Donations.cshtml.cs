using FluentValidation.Results;
using CommunityFund.Web.Features.Ledger.Donations;

namespace CommunityFund.Web.Features.Ledger.Imports;

/// <summary>
/// Bulk donations from a spreadsheet: every row is checked, any error lists every bad row and imports nothing;
/// otherwise all rows post in one transaction (all or nothing).
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.Secretariat)]
[RequestSizeLimit(DonationsModel.MaxBytes + 64 * 1024)]
public class DonationsModel(IMediator mediator, ITenantContext tenant) : PageModel
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 5000;

    [BindProperty] public Upload Input { get; set; } = new();
    [TempData] public string? Notice { get; set; }

    public void OnGet() => Input.IdempotencyKey = InputRules.NewIdempotencyKey();

    public IActionResult OnGetTemplate() =>
        File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(DonationSheet.TemplateCsv)).ToArray(), "text/csv; charset=utf-8", "donations-template.csv");

    public async Task<IActionResult> OnPostAsync()
    {
        byte[] content = [];
        if (Input.File is { Length: > 0 and <= MaxBytes } file)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer);
            content = buffer.ToArray();
        }
        var imported = await mediator.Send(new Command { IdempotencyKey = Input.IdempotencyKey, Content = content, TooLarge = Input.File?.Length > MaxBytes });
        Notice = imported.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return RedirectToPage("/Ledger/Imports/Donations", new { tenant = tenant.Current!.Identifier });
    }

    public sealed class Upload
    {
        public string IdempotencyKey { get; set; } = "";
        public IFormFile? File { get; set; }
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<int>, IIdempotentCommand
    {
        public string IdempotencyKey { get; init; } = "";
        public byte[] Content { get; init; } = [];
        public bool TooLarge { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<KernelResource> k, IStringLocalizer<LedgerResource> l)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(k);
            RuleFor(c => c.Content).Must((c, bytes) => !c.TooLarge).WithMessage(_ => l["Import.TooLarge", MaxBytes / 1024 / 1024])
                .Must(bytes => bytes.Length > 0).WithMessage(_ => l["Import.NoFile"])
                .Must(bytes => DonationSheet.Detect(bytes) != DonationSheet.Format.Unknown).WithMessage(_ => l["Import.WrongType"]);
        }
    }

    public sealed class Handler(AppDbContext db, DonationPosting posting, IStringLocalizer<LedgerResource> l)
        : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var (rows, missing) = DonationSheet.Read(request.Content, DonationSheet.Detect(request.Content));
            if (missing.Count > 0) throw Refusal.Because(l["Import.MissingColumns", string.Join(", ", missing)]);
            if (rows.Count == 0) throw Refusal.Because(l["Import.Empty"]);
            if (rows.Count > MaxRows) throw Refusal.Because(l["Import.TooManyRows", MaxRows]);

            var funds = await db.Set<Fund>().AsNoTracking().ToDictionaryAsync(f => f.Code, f => f.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
            var inputs = new List<DonationInput>();
            var errors = new List<ValidationFailure>();
            foreach (var row in rows)
            {
                var problems = new List<string>();
                if (!InputRules.TryDate(row.Date, out var date)) problems.Add(l["Ledger.DateInvalid"]);
                var money = MoneyInput.Parse(row.Amount, out var amount);
                if (money != MoneyInput.Problem.None) problems.Add(l[MoneyInput.MessageKey(money)]);
                if (!ImportVocabulary.TryDonorKind(row.DonorKind, out var kind)) problems.Add(l["Donations.DonorKindUnknown"]);
                if (!ImportVocabulary.TryChannel(row.Channel, out var channel)) problems.Add(l["Donations.ChannelUnknown"]);
                if (!funds.TryGetValue(row.FundCode, out var fund)) problems.Add(l["Import.FundCodeUnknown", row.FundCode]);
                if (string.IsNullOrWhiteSpace(row.DonorName) && kind != DonorKind.Anonymous) problems.Add(l["Donations.DonorNameRequired"]);
                if (row.DonorName.Length > 200 || row.Note.Length > 500) problems.Add(l["Field.TooLong", row.DonorName.Length > 200 ? 200 : 500]);
                if (problems.Count > 0)
                    errors.Add(new ValidationFailure("", l["Import.RowError", row.Line, string.Join(" ", problems)]));
                else
                    inputs.Add(new DonationInput(null, kind, row.DonorName, null, amount, channel, fund, date, ImportVocabulary.Yes(row.Consent), row.Note));
            }
            if (errors.Count > 0)
            {
                errors.Insert(0, new ValidationFailure("", l["Import.NothingImported", errors.Count, rows.Count]));
                throw new ValidationException(errors);
            }
            foreach (var input in inputs) await posting.RecordAsync(input, cancellationToken);
            return inputs.Count;
        }
    }
}

/// <summary>Spreadsheet cells may say 企业 or Enterprise, 微信 or WeChatPay, 是 or yes.</summary>
public static class ImportVocabulary
{
    private static readonly Dictionary<string, DonorKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["个人"] = DonorKind.Individual, ["企业"] = DonorKind.Enterprise, ["社会组织"] = DonorKind.SocialOrganisation, ["匿名"] = DonorKind.Anonymous,
    };

    private static readonly Dictionary<string, DonationChannel> Channels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["银行转账"] = DonationChannel.BankTransfer, ["现金"] = DonationChannel.Cash, ["网络"] = DonationChannel.Online, ["网上"] = DonationChannel.Online,
        ["微信"] = DonationChannel.WeChatPay, ["微信支付"] = DonationChannel.WeChatPay, ["支付宝"] = DonationChannel.Alipay,
    };

    public static bool TryDonorKind(string text, out DonorKind kind) =>
        Kinds.TryGetValue(text.Trim(), out kind) || DonationEnums.TryDonorKind(text, out kind);

    public static bool TryChannel(string text, out DonationChannel channel) =>
        Channels.TryGetValue(text.Trim(), out channel) || DonationEnums.TryChannel(text, out channel);

    public static bool Yes(string text) => text.Trim().ToLowerInvariant() is "是" or "yes" or "y" or "true" or "1" or "同意";
}

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>Records money the organisation paid back from its advance (its form is on the project page, shown again with the errors).</summary>
public class ReturnAdvanceModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProjectResource> t) : ProjectScreen(mediator, tenant)
{
    /// <summary>The form lives on the project page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToProjectAsync(id);

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        (Input.ProjectId, Return.ProjectId, PostedForm) = (id, id, "return");
        var returned = await Mediator.Send(Return);
        return Done(id, t["CloseOut.ReturnedNotice", Formats.Money(returned.Amount), returned.EntryNumber, Formats.Money(returned.Outstanding)]);
    }
}

public sealed record ReturnedAdvance(long EntryId, int EntryNumber, decimal Amount, decimal Outstanding);

/// <summary>
/// The secretariat records money the organisation paid back from its advance: Dr bank / Cr advances to grantees on the
/// project's fund, never more than is outstanding. Idempotent: a double click records it once.
/// </summary>
[RequiresTenantRole(TenantRole.Secretariat)]
public sealed class ReturnAdvance : ICommand<ReturnedAdvance>, IIdempotentCommand, IHasAuditTarget
{
    public string IdempotencyKey { get; set; } = "";
    public Guid ProjectId { get; set; }
    public string Amount { get; set; } = "";
    public string ReturnedOn { get; set; } = "";
    public string BankReference { get; set; } = "";
    string? IHasAuditTarget.AuditTarget => $"{ProjectId}:advance-returned:{Amount}:{BankReference.Trim()}";
}

public sealed class ReturnAdvanceValidator : AbstractValidator<ReturnAdvance>
{
    public ReturnAdvanceValidator(IStringLocalizer<ProjectResource> t, IStringLocalizer<KernelResource> l, TimeProvider clock)
    {
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(l);
        RuleFor(c => c.Amount).ValidAmount(l);
        RuleFor(c => c.ReturnedOn).Cascade(CascadeMode.Stop).ValidDate(l)
            .Must(d => InputRules.Date(d) <= clock.Today()).WithMessage(_ => t["CloseOut.DateInFuture"]);
        RuleFor(c => c.BankReference).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => t["Pay.BankReferenceRequired"])
            .Must(r => (r ?? "").Trim().Length <= Tranche.ReferenceMax).WithMessage(_ => t["Pay.BankReferenceTooLong", Tranche.ReferenceMax]);
    }
}

public sealed class ReturnAdvanceHandler(IFundPayments payments, AppDbContext db, ITenantContext tenant,
    IStringLocalizer<ProjectResource> t) : IRequestHandler<ReturnAdvance, ReturnedAdvance>
{
    public async Task<ReturnedAdvance> Handle(ReturnAdvance request, CancellationToken cancellationToken)
    {
        // The project's row lock first: claims, returns and write-offs of one project happen one after another.
        var project = await ProjectAccess.LockAndLoadAsync(db, tenant, request.ProjectId, cancellationToken);
        if (await AdvanceCloseOut.RefusalAsync(db, payments, project, t, cancellationToken) is { } refusal) throw Refusal.Because(refusal);
        var amount = InputRules.Amount(request.Amount);
        var outstanding = await AdvanceCloseOut.OutstandingAsync(db, payments, project, cancellationToken);
        if (amount > outstanding)
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(ReturnAdvance.Amount),
                t["CloseOut.AboveOutstanding", Formats.Money(amount), Formats.Money(outstanding)])]);

        string description;
        using (Cultures.Use(Cultures.Chinese))
            description = Formats.Clip(t["CloseOut.ReturnDescription", project.Number, project.Title, request.BankReference.Trim()].Value, 500);
        var entry = await payments.TakeBackAdvanceAsync(project.PayingFundId, amount, InputRules.Date(request.ReturnedOn), description,
            AdvanceCloseOut.SourceType, project.Id, cancellationToken);
        return new ReturnedAdvance(entry.Id, entry.Number, amount, outstanding - amount);
    }
}

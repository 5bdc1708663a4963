namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>Asks the committee to write off the unspent advance (its form is on the project page, shown again with the errors).</summary>
public class RequestWriteOffModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProjectResource> t) : ProjectScreen(mediator, tenant)
{
    /// <summary>The form lives on the project page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToProjectAsync(id);

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        (Input.ProjectId, WriteOff.ProjectId, PostedForm) = (id, id, "write-off");
        await Mediator.Send(WriteOff);
        return Done(id, t["CloseOut.WriteOffRequestedNotice"]);
    }
}

/// <summary>
/// The secretariat asks the committee to write off what the organisation still holds of its advance (it will not be
/// returned), with the reason. The request goes through the one approval component for the outstanding amount; one
/// request at a time per project.
/// </summary>
[RequiresTenantRole(TenantRole.Secretariat)]
public sealed class RequestAdvanceWriteOff : ICommand<Guid>, IHasAuditTarget
{
    public const int ReasonMax = 200;

    public Guid ProjectId { get; set; }
    public string Reason { get; set; } = "";
    string? IHasAuditTarget.AuditTarget => $"{ProjectId}:advance-write-off";
}

public sealed class RequestAdvanceWriteOffValidator : AbstractValidator<RequestAdvanceWriteOff>
{
    public RequestAdvanceWriteOffValidator(IStringLocalizer<ProjectResource> t) =>
        RuleFor(c => c.Reason).Cascade(CascadeMode.Stop)
            .Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => t["CloseOut.ReasonRequired"])
            .Must(r => r.Trim().Length <= RequestAdvanceWriteOff.ReasonMax).WithMessage(_ => t["CloseOut.ReasonTooLong", RequestAdvanceWriteOff.ReasonMax]);
}

public sealed class RequestAdvanceWriteOffHandler(AppDbContext db, ITenantContext tenant, IFundPayments payments, ApprovalService approvals,
    IStringLocalizer<ProjectResource> t)
    : IRequestHandler<RequestAdvanceWriteOff, Guid>
{
    public async Task<Guid> Handle(RequestAdvanceWriteOff request, CancellationToken cancellationToken)
    {
        var project = await ProjectAccess.LockAndLoadAsync(db, tenant, request.ProjectId, cancellationToken);
        if (await AdvanceCloseOut.RefusalAsync(db, payments, project, t, cancellationToken) is { } refusal) throw Refusal.Because(refusal);
        if (await AdvanceCloseOut.PendingWriteOffAsync(db, project.Id, cancellationToken) is not null) throw Refusal.Because(t["CloseOut.WriteOffPending"]);
        var outstanding = await AdvanceCloseOut.OutstandingAsync(db, payments, project, cancellationToken);
        string summary;
        using (Cultures.Use(Cultures.Chinese))
            summary = Formats.Clip(t["CloseOut.WriteOffSummary", project.Number, project.Title, Formats.Money(outstanding), request.Reason.Trim()].Value,
                ApprovalRequest.SummaryMax);
        var approval = await approvals.RequestAsync(ApprovalKind.AdvanceWriteOff, project.Id, project.OrganisationId, outstanding, summary, cancellationToken);
        return approval.Id;
    }
}

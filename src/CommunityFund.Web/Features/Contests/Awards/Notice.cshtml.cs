using Microsoft.AspNetCore.Authorization;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Awards;

/// <summary>
/// The public notice (公示) of the confirmed awards: anyone, signed in or not, reads it and may file an objection (异议)
/// while the notice runs. Answered objections are published with the committee's answer; the objector's contact is
/// never shown and the name only masked.
/// </summary>
[AllowAnonymous]
public class NoticeModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<AwardsResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public FileObjection Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid contestId)
    {
        Input.ContestId = contestId;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid contestId, [FromServices] AnonymousFormLimiter limiter)
    {
        Input.ContestId = contestId;
        if (!limiter.TryAcquire("objection", HttpContext))
        {
            ModelState.AddModelError("", t["Notice.TooManyObjections"]);
            await ReloadAsync();
            return Page();
        }
        await mediator.Send(Input);
        TempData["Notice"] = t["Notice.FiledNotice"].Value;
        return RedirectToPage("/Contests/Awards/Notice", new { tenant = tenant.Current!.Identifier, contestId });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ContestId = Input.ContestId });

    public sealed record PublishedObjection(string Name, string? Proposal, string Text, DateTimeOffset FiledAt, string Answer, DateTimeOffset AnsweredAt);

    public sealed record View(Guid ContestId, string Title, ContestStage Stage, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, bool AcceptsObjections,
        IReadOnlyList<AwardRow> Items, decimal TotalAwarded, IReadOnlyList<PublishedObjection> Answered, int OpenCount);

    /// <summary>Objections are accepted while the contest is in public notice and the notice period has not ended.</summary>
    public static bool AcceptsObjections(Contest contest, DateTimeOffset now) =>
        contest.Stage == ContestStage.PublicNotice && contest.NoticeEndsAt is { } ends && now < ends;

    /// <summary>"王芳" → "王*", "Alice" → "A****"; an empty name is shown as anonymous by the page.</summary>
    public static string MaskName(string name)
    {
        var text = name.Trim();
        if (text.Length == 0) return "";
        var first = char.IsSurrogatePair(text, 0) ? text[..2] : text[..1];
        var rest = new System.Globalization.StringInfo(text[first.Length..]).LengthInTextElements;
        return first + new string('*', Math.Max(1, rest));
    }

    [AllowAnonymousRequest]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, TimeProvider clock) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ContestId, cancellationToken);
            // Nothing is public before the results are published.
            if (contest is null || contest.Stage < ContestStage.PublicNotice) throw new NotFoundException("No public notice for this contest.");
            var list = await db.Set<AwardList>().AsNoTracking()
                .SingleOrDefaultAsync(l => l.ContestId == contest.Id && l.Status == AwardListStatus.Confirmed, cancellationToken);
            var items = list is null ? [] : await AwardRows.LoadAsync(db, list.Id, cancellationToken);
            var answered = await (from o in db.Set<Objection>().AsNoTracking()
                                  where o.ContestId == contest.Id && o.AnsweredAt != null
                                  join p in db.Set<Proposals.Proposal>() on o.ProposalId equals p.Id into proposals
                                  from p in proposals.DefaultIfEmpty()
                                  orderby o.AnsweredAt descending
                                  select new { o.Name, Number = (int?)p.Number, Title = p.Title, o.Text, o.FiledAt, o.Answer, o.AnsweredAt })
                .ToListAsync(cancellationToken);
            var open = await db.Set<Objection>().CountAsync(o => o.ContestId == contest.Id && o.AnsweredAt == null, cancellationToken);
            return new View(contest.Id, contest.Title, contest.Stage, contest.NoticeStartsAt, contest.NoticeEndsAt,
                AcceptsObjections(contest, clock.GetUtcNow()), items, list?.TotalAwarded ?? 0m,
                answered.Select(a => new PublishedObjection(MaskName(a.Name), a.Number is { } n ? $"{n} {a.Title}" : null, a.Text, a.FiledAt, a.Answer!, a.AnsweredAt!.Value)).ToList(),
                open);
        }
    }

    /// <summary>File an objection during the notice period. Anyone may; the contact (phone or email) is for the committee only.</summary>
    [AllowAnonymousRequest]
    public sealed class FileObjection : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public string Name { get; set; } = "";
        public string Contact { get; set; } = "";
        public string Text { get; set; } = "";
        /// <summary>The proposal objected to, if any (one of the confirmed list).</summary>
        public Guid? ProposalId { get; set; }
        string? IHasAuditTarget.AuditTarget => ContestId.ToString();
    }

    public sealed class Validator : AbstractValidator<FileObjection>
    {
        public Validator(IStringLocalizer<AwardsResource> t)
        {
            RuleFor(c => c.Name).Must(n => (n ?? "").Trim().Length <= Objection.NameMax).WithMessage(_ => t["Field.TooLong", Objection.NameMax]);
            RuleFor(c => c.Contact).Cascade(CascadeMode.Stop)
                .Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage(_ => t["Notice.ContactRequired"])
                .Must(c => c.Trim().Length <= Objection.ContactMax).WithMessage(_ => t["Field.TooLong", Objection.ContactMax])
                .Must(c => OrganisationRules.IsPhone(c) || EmailAddressRule.IsValid(c)).WithMessage(_ => t["Notice.ContactFormat"]);
            RuleFor(c => c.Text).Cascade(CascadeMode.Stop)
                .Must(x => !string.IsNullOrWhiteSpace(x)).WithMessage(_ => t["Notice.TextRequired"])
                .Must(x => x.Trim().Length <= Objection.TextMax).WithMessage(_ => t["Field.TooLong", Objection.TextMax]);
        }
    }

    public sealed class FileHandler(AppDbContext db, TimeProvider clock, IStringLocalizer<AwardsResource> t) : IRequestHandler<FileObjection, Guid>
    {
        public async Task<Guid> Handle(FileObjection request, CancellationToken cancellationToken)
        {
            var contest = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ContestId, cancellationToken);
            if (contest is null || contest.Stage < ContestStage.PublicNotice) throw new NotFoundException("No public notice for this contest.");
            var now = clock.GetUtcNow();
            if (!AcceptsObjections(contest, now)) throw Refusal.Because(t["Notice.Closed"]);
            if (request.ProposalId is { } proposalId)
            {
                var listed = await (from i in db.Set<AwardItem>()
                                    join l in db.Set<AwardList>() on i.AwardListId equals l.Id
                                    where l.ContestId == contest.Id && l.Status == AwardListStatus.Confirmed && i.ProposalId == proposalId
                                    select i.Id).AnyAsync(cancellationToken);
                if (!listed) throw Refusal.Because(t["Notice.UnknownProposal"], nameof(FileObjection.ProposalId));
            }
            var objection = new Objection
            {
                ContestId = contest.Id, ProposalId = request.ProposalId, Name = (request.Name ?? "").Trim(),
                Contact = OrganisationRules.IsPhone(request.Contact) ? OrganisationRules.NormalisePhone(request.Contact) : request.Contact.Trim(),
                Text = request.Text.Trim(), FiledAt = now,
            };
            db.Add(objection);
            return objection.Id;
        }
    }
}

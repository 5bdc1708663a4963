using System.Globalization;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Projects;

namespace CommunityFund.Web.Features.Grants.Reports;

/// <summary>The rules of mid-term and final reports (DESIGN §5): who may submit, when, and how numbers and scores are read.</summary>
public static class ReportRules
{
    public const int MaxFiles = 10;
    public const string FileArea = "reports";

    /// <summary>A whole number ≥ 0 written with digits only ("12"); "-1", "1.5", "abc" and blanks are refused.</summary>
    public static bool TryCount(string? text, out int value)
    {
        value = 0;
        var s = (text ?? "").Trim();
        return s.Length is > 0 and <= 9 && s.All(char.IsAsciiDigit) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>An evaluation score 0–100 in whole or half points ("87.5"); anything else is refused.</summary>
    public static bool TryScore(string? text, out decimal value)
    {
        value = 0;
        var s = (text ?? "").Trim();
        if (s.Length is 0 or > 8 || !s.All(c => char.IsAsciiDigit(c) || c == '.')) return false;
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v)) return false;
        if (v < 0 || v > 100 || v * 2 != decimal.Truncate(v * 2)) return false;
        value = v;
        return true;
    }

    /// <summary>Mid-term reports while the project runs; the final report while it runs or once it entered its final-report stage.</summary>
    public static bool MaySubmit(ReportKind kind, ProjectStatus status) => kind switch
    {
        ReportKind.Midterm => status == ProjectStatus.InProgress,
        ReportKind.Final => status is ProjectStatus.InProgress or ProjectStatus.FinalReport,
        _ => false,
    };

    /// <summary>The resource key refusing a new report of <paramref name="kind"/> given the existing ones, or null.</summary>
    public static string? Refusal(ReportKind kind, ProjectStatus status, IEnumerable<ReportStatus> existing)
    {
        var list = existing.ToList();
        if (!MaySubmit(kind, status)) return "Submit.WrongStatus." + kind;
        if (list.Contains(ReportStatus.Accepted)) return "Submit.AlreadyAccepted";
        if (list.Contains(ReportStatus.Submitted)) return "Submit.AlreadyOpen";
        return null;
    }

    public static async Task<bool> IsMemberAsync(AppDbContext db, Guid? userId, Guid organisationId, CancellationToken ct) =>
        userId is { } me && await db.Set<OrganisationMember>().AnyAsync(m => m.OrganisationId == organisationId && m.UserId == me, ct);
}

/// <summary>
/// The closing guard (DESIGN §5): a project closes only once its final report is accepted and its advance is fully
/// accounted for. Projects' close command calls <see cref="RefusalsAsync"/> inside its transaction and refuses with the
/// localised keys (ReportResource) it returns.
/// </summary>
public static class ProjectClosing
{
    public const string FinalNotAccepted = "Closing.FinalNotAccepted", OutstandingAdvance = "Closing.OutstandingAdvance";

    /// <summary>Resource keys (ReportResource) of every reason the project may not close; empty when it may.</summary>
    public static async Task<IReadOnlyList<string>> RefusalsAsync(AppDbContext db, IFundPayments payments, Project p, CancellationToken ct)
    {
        var refusals = new List<string>();
        var finalAccepted = await db.Set<ProjectReport>()
            .AnyAsync(r => r.ProjectId == p.Id && r.Kind == ReportKind.Final && r.Status == ReportStatus.Accepted, ct);
        if (!finalAccepted) refusals.Add(FinalNotAccepted);
        if (await OutstandingAdvanceAsync(db, payments, p, ct) != 0) refusals.Add(OutstandingAdvance);
        return refusals;
    }

    /// <summary>The advance not yet accounted for (<see cref="AdvanceCloseOut.OutstandingAsync"/>: paid tranches less settled claims, returns and write-offs).</summary>
    public static Task<decimal> OutstandingAdvanceAsync(AppDbContext db, IFundPayments payments, Project p, CancellationToken ct) =>
        AdvanceCloseOut.OutstandingAsync(db, payments, p, ct);
}

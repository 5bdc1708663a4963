using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>
/// Who may change a proposal: the members of the organisation it belongs to, and the secretariat acting on its behalf
/// (proposals collected on a visit). Committee members, auditors and judges read; they never edit.
/// </summary>
public static class ProposalEditors
{
    public static async Task<bool> MayEditAsync(AppDbContext db, ICurrentUser user, Proposal proposal, CancellationToken ct)
    {
        var roles = await user.GetTenantRolesAsync(ct);
        if (roles.Contains(TenantRole.Secretariat)) return true;
        return user.UserId is { } me && roles.Contains(TenantRole.OrgMember)
               && await ProposalAccess.IsMemberAsync(db, me, proposal.OrganisationId, ct);
    }

    /// <summary>Opens the proposal (404 for another tenant's, 403 for another organisation's) and refuses anyone who may only read it.</summary>
    public static async Task<Proposal> OpenForEditAsync(AppDbContext db, ICurrentUser user, Guid proposalId, CancellationToken ct, bool tracking = false)
    {
        var (proposal, _) = await ProposalAccess.OpenAsync(db, user, proposalId, ct, tracking);
        if (!await MayEditAsync(db, user, proposal, ct))
            throw new ForbiddenException("Only the organisation's members and the secretariat change a proposal.");
        return proposal;
    }

    public sealed record ContestTerms(Guid Id, string Title, ContestStage Stage, decimal PerProjectCap, IReadOnlyList<string> Categories);

    public static async Task<ContestTerms> ContestOfAsync(AppDbContext db, Guid contestId, CancellationToken ct)
    {
        var c = await db.Set<Setup.Contest>().AsNoTracking().Where(x => x.Id == contestId)
                    .Select(x => new { x.Id, x.Title, x.Stage, x.PerProjectCap, x.Categories }).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("No such contest in this tenant.");
        return new ContestTerms(c.Id, c.Title, c.Stage, c.PerProjectCap, Setup.ContestThemes.Split(c.Categories));
    }
}

/// <summary>
/// Proposal numbers: 1, 2, 3 … per contest, handed out by one conditional UPDATE that locks the contest row until the
/// creating transaction commits, so concurrent creations queue instead of colliding. LAST_INSERT_ID(expr) makes the
/// new value readable on the same connection without a second read of the row.
/// </summary>
public static class ProposalNumbering
{
    /// <summary>The next number, or null when the contest is no longer collecting (checked under the same row lock).</summary>
    public static async Task<int?> NextAsync(AppDbContext db, Guid tenantId, Guid contestId, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction
                          ?? throw new InvalidOperationException("Numbers are handed out inside the command's transaction.");
        var connection = db.Database.GetDbConnection();
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction.GetDbTransaction();
            update.CommandText = "UPDATE Contests SET ProposalSeq = LAST_INSERT_ID(ProposalSeq + 1) " +
                                 "WHERE Id = @id AND TenantId = @tenant AND Stage = @stage";
            Add(update, "@id", contestId);
            Add(update, "@tenant", tenantId);
            Add(update, "@stage", nameof(ContestStage.Collecting));
            if (await update.ExecuteNonQueryAsync(ct) != 1) return null;
        }
        await using var select = connection.CreateCommand();
        select.Transaction = transaction.GetDbTransaction();
        select.CommandText = "SELECT LAST_INSERT_ID()";
        return Convert.ToInt32(await select.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}

using CommunityFund.Web.Infrastructure.Localization;
using MySqlConnector;

namespace CommunityFund.Web.Infrastructure.Data;

/// <summary>
/// The one place tenant changes are saved, and the one way an optimistic-concurrency conflict (a version that moved,
/// a unique key another request took first) becomes a refusal. The transaction behaviour saves through it before
/// commit; a handler whose later steps must not run when it lost a race flushes early with <see cref="FlushAsync"/>.
/// A handler says what a lost race means to its user with <see cref="OnConflict"/>; without that the user is told the
/// record changed and to reload.
/// </summary>
public sealed class UnitOfWork(AppDbContext db, IStringLocalizer<SharedResource> l)
{
    private string? message;
    private string? duplicateKeyMessage;
    private string property = "";

    /// <param name="conflictMessage">What the user is told when the race is lost.</param>
    /// <param name="conflictProperty">The form field the message belongs beside (none: the top of the form).</param>
    /// <param name="duplicateMessage">A different message when a unique key was taken first, if it needs one.</param>
    public void OnConflict(string conflictMessage, string conflictProperty = "", string? duplicateMessage = null)
    {
        message = conflictMessage;
        property = conflictProperty;
        duplicateKeyMessage = duplicateMessage;
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (IsConflict(ex))
        {
            var duplicate = ex is not DbUpdateConcurrencyException;
            throw Refusal.Because((duplicate ? duplicateKeyMessage : null) ?? message ?? l["Conflict.Changed"], property);
        }
    }

    /// <summary>Forget what a failed attempt declared, so a retried unit of work starts clean.</summary>
    public void Reset()
    {
        message = null;
        duplicateKeyMessage = null;
        property = "";
    }

    public static bool IsConflict(DbUpdateException ex) =>
        ex is DbUpdateConcurrencyException || ex.InnerException is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry };
}

namespace CommunityFund.Web.Infrastructure.Files;

/// <summary>Keeps the file store in step with the rows that name its files.</summary>
public static class UnsavedFiles
{
    /// <summary>
    /// The row naming a stored file is saved after the handler returns (the transaction behaviour saves once); if that
    /// save fails the stored file would be an orphan, so it is deleted then. Either way the subscription ends with the
    /// first save.
    /// </summary>
    public static void DeleteIfNotSaved(this IFileStore files, AppDbContext db, string key)
    {
        EventHandler<SaveChangesFailedEventArgs>? failed = null;
        EventHandler<SavedChangesEventArgs>? saved = null;
        failed = (_, _) =>
        {
            Detach();
            files.DeleteAsync(key, CancellationToken.None).GetAwaiter().GetResult();
        };
        saved = (_, _) => Detach();
        db.SaveChangesFailed += failed;
        db.SavedChanges += saved;

        void Detach()
        {
            db.SaveChangesFailed -= failed;
            db.SavedChanges -= saved;
        }
    }
}

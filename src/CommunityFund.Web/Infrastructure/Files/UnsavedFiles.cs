namespace CommunityFund.Web.Infrastructure.Files;

/// <summary>
/// A file is stored before its row is saved (the transaction behaviour saves once, after the handler returns); if that
/// save fails the stored file would be an orphan, so it is deleted then. Either way the subscription ends with the first save.
/// </summary>
public static class UnsavedFiles
{
    public static void DeleteIfNotSaved(AppDbContext db, IFileStore files, string key)
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

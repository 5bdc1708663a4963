namespace CommunityFund.Web.Infrastructure.Data;

/// <summary>Rows that are never updated or deleted once written (journal, source documents, decisions): corrections are new rows.</summary>
public interface IAppendOnly;

public sealed class AppendOnlyViolationException(string message) : InvalidOperationException(message);

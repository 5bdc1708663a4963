namespace CommunityFund.Web.Features.Contests.Sheets;

/// <summary>Anchor type for the score-sheet strings in Resources/Features.Contests.Sheets.SheetResource(.en).resx. The neutral file is zh-CN.</summary>
public sealed class SheetResource;

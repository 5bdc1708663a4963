using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Kernel;

/// <summary>
/// The one clock for dates: every fund is in China, so "today" is China Standard Time's date, whatever the server's
/// zone. Default dates on forms, "as of" reports, due dates and time limits all read it from <see cref="TimeProvider"/>.
/// </summary>
public static class FundTime
{
    public static readonly TimeSpan ChinaOffset = Formats.ChinaOffset;

    /// <summary>Now, as a China Standard Time instant.</summary>
    public static DateTimeOffset ChinaNow(this TimeProvider clock) => clock.GetUtcNow().ToOffset(ChinaOffset);

    /// <summary>Today's date in China.</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.ChinaNow().DateTime);

    /// <summary>The instant a China day ends (midnight of the next day, China time).</summary>
    public static DateTimeOffset EndOfDay(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaOffset);
}

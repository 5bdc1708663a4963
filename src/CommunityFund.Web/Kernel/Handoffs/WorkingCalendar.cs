namespace CommunityFund.Web.Kernel.Handoffs;

/// <summary>
/// Working days for time limits (限时办结): Saturdays, Sundays and the tenant's holidays are not working days, except the
/// weekend days the tenant entered as worked in exchange (调休上班). A step that
/// starts on day D with a limit of N working days is due at the end of the N-th working day after D (the start day does
/// not count, as in "办结时限自受理次日起算"). Pure code; dates are China dates.
/// </summary>
public sealed class WorkingCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly>? workedWeekendDays = null)
{
    private readonly HashSet<DateOnly> _holidays = [.. holidays];
    private readonly HashSet<DateOnly> _worked = [.. workedWeekendDays ?? []];

    public static WorkingCalendar WeekendsOnly { get; } = new([]);

    public bool IsWorkingDay(DateOnly day) =>
        _worked.Contains(day) || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day));

    /// <summary>The N-th working day after <paramref name="start"/> (N ≥ 0; N = 0 is the start day itself).</summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = start;
        for (var left = workingDays; left > 0;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) left--;
        }
        return day;
    }

    /// <summary>Working days elapsed from <paramref name="start"/> to <paramref name="today"/>: the working days in (start, today].</summary>
    public int WorkingDaysElapsed(DateOnly start, DateOnly today)
    {
        var count = 0;
        for (var day = start.AddDays(1); day <= today; day = day.AddDays(1))
            if (IsWorkingDay(day)) count++;
        return count;
    }
}

public enum TimeLimitState { Green, Yellow, Red }

/// <summary>
/// A pending step's alarm colour: yellow once 80% of its working-day limit has elapsed, red once the limit is exceeded
/// (the due day itself is still on time). 80% is computed exactly: elapsed × 5 ≥ limit × 4.
/// </summary>
public static class TimeLimitRule
{
    public static TimeLimitState StateOn(WorkingCalendar calendar, DateOnly started, int limitWorkingDays, DateOnly today)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitWorkingDays);
        var elapsed = calendar.WorkingDaysElapsed(started, today);
        if (elapsed > limitWorkingDays) return TimeLimitState.Red;
        return elapsed * 5 >= limitWorkingDays * 4 ? TimeLimitState.Yellow : TimeLimitState.Green;
    }

    /// <summary>The first day the step is yellow, and the first day it is red.</summary>
    public static (DateOnly Yellow, DateOnly Red) Thresholds(WorkingCalendar calendar, DateOnly started, int limitWorkingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitWorkingDays);
        var yellowAfter = (limitWorkingDays * 4 + 4) / 5; // ceil(0.8 × limit) working days
        return (calendar.AddWorkingDays(started, yellowAfter), calendar.AddWorkingDays(started, limitWorkingDays + 1));
    }
}

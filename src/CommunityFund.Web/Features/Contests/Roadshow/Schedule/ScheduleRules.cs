using System.Globalization;

namespace CommunityFund.Web.Features.Contests.Roadshow.Schedule;

/// <summary>One proposal's place in the roadshow as the form sends it: text, parsed strictly so each mistake gets its own message.</summary>
public sealed class SlotRow
{
    public Guid ProposalId { get; set; }
    public string Order { get; set; } = "";
    public string Start { get; set; } = "";
    public string Minutes { get; set; } = "";
}

/// <summary>A parsed slot: the proposal (and its number, for messages), its running order, start and length.</summary>
public readonly record struct Slot(Guid ProposalId, int Number, int Order, TimeOnly Start, int Minutes)
{
    public TimeSpan StartsAt => Start.ToTimeSpan();
    public TimeSpan EndsAt => StartsAt + TimeSpan.FromMinutes(Minutes);
    public string Range => ScheduleRules.Range(Start, Minutes);
}

public enum ScheduleProblemCode { DuplicateOrder, Overlap, TimesNotInOrder }

/// <summary>A schedule mistake between two slots.</summary>
public sealed record ScheduleProblem(ScheduleProblemCode Code, Slot First, Slot Second);

/// <summary>
/// The running order and time slots of a roadshow (路演出场顺序与时段): orders 1..n each once, slots of 5–120 minutes
/// within one day, no two overlapping, and starting in running order so the printed schedule reads top to bottom.
/// </summary>
public static class ScheduleRules
{
    public const int MinutesMin = 5, MinutesMax = 120, BreakMax = 60;
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private static readonly string[] TimeFormats = ["HH:mm", "H:mm"];

    /// <summary>24-hour "09:30" (or "9:30"); nothing else, so "9点半" or "25:00" is refused rather than guessed.</summary>
    public static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact((text ?? "").Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>Plain ASCII digits only: no sign, no decimals, no full-width digits.</summary>
    public static bool TryWhole(string? text, out int value)
    {
        value = 0;
        var s = (text ?? "").Trim();
        return s.Length is > 0 and <= 4 && s.All(char.IsAsciiDigit) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static string Text(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"09:00–09:15"; a slot ending at midnight shows 24:00.</summary>
    public static string Range(TimeOnly start, int minutes)
    {
        var end = start.ToTimeSpan() + TimeSpan.FromMinutes(minutes);
        var endText = end >= Day ? "24:00" : Text(TimeOnly.FromTimeSpan(end));
        return $"{Text(start)}–{endText}";
    }

    public static bool EndsSameDay(TimeOnly start, int minutes) => start.ToTimeSpan() + TimeSpan.FromMinutes(minutes) <= Day;

    /// <summary>Back-to-back slots from <paramref name="start"/>: slot, break, slot …; null when the last would run past midnight.</summary>
    public static IReadOnlyList<TimeOnly>? Fill(TimeOnly start, int minutes, int breakMinutes, int count)
    {
        var starts = new List<TimeOnly>(count);
        var at = start.ToTimeSpan();
        for (var i = 0; i < count; i++)
        {
            if (at + TimeSpan.FromMinutes(minutes) > Day) return null;
            starts.Add(TimeOnly.FromTimeSpan(at));
            at += TimeSpan.FromMinutes(minutes + breakMinutes);
        }
        return starts;
    }

    /// <summary>Every duplicate order number and every overlap; the time-versus-order check only once those are clear.</summary>
    public static IReadOnlyList<ScheduleProblem> Check(IReadOnlyList<Slot> slots)
    {
        var problems = new List<ScheduleProblem>();
        foreach (var same in slots.GroupBy(s => s.Order).Where(g => g.Count() > 1).OrderBy(g => g.Key))
        {
            var pair = same.OrderBy(s => s.Number).Take(2).ToList();
            problems.Add(new(ScheduleProblemCode.DuplicateOrder, pair[0], pair[1]));
        }
        // Sweep by start time, remembering the slot that reaches furthest: any slot starting before it ends overlaps it.
        var byStart = slots.OrderBy(s => s.StartsAt).ThenBy(s => s.Number).ToList();
        for (int i = 1, furthest = 0; i < byStart.Count; i++)
        {
            if (byStart[furthest].EndsAt > byStart[i].StartsAt) problems.Add(new(ScheduleProblemCode.Overlap, byStart[furthest], byStart[i]));
            if (byStart[i].EndsAt > byStart[furthest].EndsAt) furthest = i;
        }
        if (problems.Count > 0) return problems;
        var byOrder = slots.OrderBy(s => s.Order).ToList();
        for (var i = 1; i < byOrder.Count; i++)
        {
            if (byOrder[i].StartsAt < byOrder[i - 1].StartsAt)
            {
                problems.Add(new(ScheduleProblemCode.TimesNotInOrder, byOrder[i - 1], byOrder[i]));
                break;
            }
        }
        return problems;
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace CommunityFund.Web.Infrastructure.Localization;

/// <summary>Anchor type for the shared UI strings in Resources/SharedResource(.en).resx. The neutral file is zh-CN.</summary>
public sealed class SharedResource;

public static class Cultures
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public static readonly string[] Supported = [Chinese, English];

    /// <summary>Both languages show dates as yyyy-MM-dd (what Chinese finance documents use).</summary>
    public static CultureInfo Create(string name)
    {
        var c = (CultureInfo)CultureInfo.GetCultureInfo(name).Clone();
        c.DateTimeFormat.ShortDatePattern = "yyyy-MM-dd";
        c.DateTimeFormat.LongDatePattern = "yyyy-MM-dd";
        c.DateTimeFormat.DateSeparator = "-";
        return c;
    }

    /// <summary>
    /// Text that goes into the books (entry descriptions) is written in Chinese whoever types it, so the journal
    /// reads in one language: <c>using (Cultures.Use(Cultures.Chinese)) { … }</c>.
    /// </summary>
    public static IDisposable Use(string culture) => new Scope(culture);

    private sealed class Scope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public Scope(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Create(name);

        public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
    }

    public static IServiceCollection AddCommunityFundLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Supported.Select(Create).ToList();
            o.DefaultRequestCulture = new RequestCulture(cultures[0], cultures[0]);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // Explicit choices only (query string, then the language cookie); never the browser header, so zh-CN is the default.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        return services;
    }
}

public static class Formats
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>¥1,234.50 in every language; negative amounts as -¥1,234.50.</summary>
    public static string Money(decimal amount) =>
        (amount < 0 ? "-¥" : "¥") + Math.Abs(amount).ToString("#,##0.00", Invariant);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);
    /// <summary>Every fund is in China: instants are shown in China Standard Time (UTC+8), whatever the server's zone.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static DateTimeOffset China(DateTimeOffset at) => at.ToOffset(ChinaOffset);

    public static string Date(DateTimeOffset at) => China(at).ToString("yyyy-MM-dd", Invariant);
    public static string DateTime(DateTimeOffset at) => China(at).ToString("yyyy-MM-dd HH:mm", Invariant);

    /// <summary>Text cut to a column's length, ending in "…" when cut, never splitting a 4-byte character (𠀀).</summary>
    public static string Clip(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1;
        return text[..cut] + "…";
    }
}

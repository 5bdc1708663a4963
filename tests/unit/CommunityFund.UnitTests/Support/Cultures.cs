using System.Globalization;

namespace CommunityFund.UnitTests.Support;

/// <summary>Runs a block with the UI culture set, the way request localisation sets it for a request.</summary>
public static class UiCulture
{
    public static async Task<T> InAsync<T>(string culture, Func<Task<T>> action)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try { return await action(); }
        finally { (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi); }
    }
}

using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace CommunityFund.Web.Infrastructure.Web;

/// <summary>
/// Empty form fields bind as "" rather than null, so commands keep their non-null string contract and the
/// validators (not MVC's English "field is required") decide what is missing.
/// </summary>
public sealed class EmptyStringStaysEmpty : IDisplayMetadataProvider
{
    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        if (context.Key.ModelType == typeof(string)) context.DisplayMetadata.ConvertEmptyStringToNull = false;
    }
}

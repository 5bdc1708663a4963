using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CommunityFund.Web.Infrastructure.Web;

/// <summary>
/// Client-side validation is off (the server validates, in the user's language), so MVC no longer writes
/// <c>data-valmsg-for</c>; this puts it back on every field message, for assistive tech and tests to find it.
/// </summary>
[HtmlTargetElement("span", Attributes = "asp-validation-for")]
public sealed class ValidationMessageTarget : TagHelper
{
    [HtmlAttributeName("asp-validation-for")]
    public ModelExpression? For { get; set; }

    public override int Order => 1000; // after the built-in validation message helper

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (For is not null) output.Attributes.SetAttribute("data-valmsg-for", For.Name);
    }
}

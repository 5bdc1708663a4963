using Microsoft.AspNetCore.Mvc.Filters;

namespace CommunityFund.Web.Infrastructure.Web;

/// <summary>
/// The one way a user-facing error reaches the page: validation failures become ModelState errors on the bound
/// <c>Input</c> and the page is shown again with what the user typed; refusals become 403/404 pages. It wraps every
/// page handler, so a query refused in <c>OnGet</c> answers 403/404 just as a refused command in <c>OnPost</c> does.
/// </summary>
public sealed class CommandExceptionPageFilter : IAsyncPageFilter
{
    public const string InputPrefix = "Input";
    /// <summary>The error code of a failure that means "too many attempts, wait": the page is shown with HTTP 429.</summary>
    public const string TooManyRequests = "TooManyRequests";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is null || executed.ExceptionHandled) return;
        switch (executed.Exception)
        {
            case ValidationException v when executed.HandlerInstance is PageModel page:
                // Our validators speak for a field: drop the model binder's generic message for it.
                foreach (var field in v.Errors.Select(e => string.IsNullOrEmpty(e.PropertyName) ? "" : $"{InputPrefix}.{e.PropertyName}").Distinct())
                    if (page.ModelState.TryGetValue(field, out var entry)) entry.Errors.Clear();
                foreach (var failure in v.Errors)
                {
                    var key = string.IsNullOrEmpty(failure.PropertyName) ? "" : $"{InputPrefix}.{failure.PropertyName}";
                    page.ModelState.AddModelError(key, failure.ErrorMessage);
                }
                try
                {
                    if (page is IReloadOnInvalid reload) await reload.ReloadAsync();
                    var result = page.Page();
                    if (v.Errors.Any(e => e.ErrorCode == TooManyRequests)) result.StatusCode = StatusCodes.Status429TooManyRequests;
                    executed.Result = result;
                }
                catch (Exception reloadFailure) when (Refusal(reloadFailure) is { } refused)
                {
                    // The page's own queries may refuse too: then the visitor gets the refusal, not the form.
                    executed.Result = refused;
                }
                executed.ExceptionHandled = true;
                break;
            case var refusal when Refusal(refusal) is { } refused:
                executed.Result = refused;
                executed.ExceptionHandled = true;
                break;
        }
    }

    private static IActionResult? Refusal(Exception exception) => exception switch
    {
        ForbiddenException => new StatusCodeResult(StatusCodes.Status403Forbidden),
        NotFoundException or TenantMismatchException => new NotFoundResult(),
        _ => null,
    };
}

/// <summary>A page that shows data besides the form implements this to load it again when a command is refused.</summary>
public interface IReloadOnInvalid
{
    Task ReloadAsync();
}

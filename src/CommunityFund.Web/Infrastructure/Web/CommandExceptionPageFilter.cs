using Microsoft.AspNetCore.Mvc.Filters;

namespace CommunityFund.Web.Infrastructure.Web;

/// <summary>
/// The one way a user-facing error reaches the page: validation failures become ModelState errors on the bound
/// <c>Input</c> and the page is shown again with what the user typed; refusals become 403/404 pages.
/// </summary>
public sealed class CommandExceptionPageFilter : IAsyncPageFilter
{
    public const string InputPrefix = "Input";

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
                if (page is IReloadOnInvalid reload) await reload.ReloadAsync();
                executed.Result = page.Page();
                executed.ExceptionHandled = true;
                break;
            case ForbiddenException:
                executed.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
                executed.ExceptionHandled = true;
                break;
            case NotFoundException or TenantMismatchException:
                executed.Result = new NotFoundResult();
                executed.ExceptionHandled = true;
                break;
        }
    }
}

/// <summary>A page that shows data besides the form implements this to load it again when a command is refused.</summary>
public interface IReloadOnInvalid
{
    Task ReloadAsync();
}

using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using CommunityFund.Web.Infrastructure.Mediation;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.UnitTests.Infrastructure.Web;

/// <summary>How a refusal from any page handler (a query in OnGet, a command in OnPost) reaches the visitor.</summary>
public class CommandExceptionPageFilterTests
{
    private sealed class FormPage(Exception? onReload = null) : PageModel, IReloadOnInvalid
    {
        public int Reloads { get; private set; }

        public Task ReloadAsync()
        {
            Reloads++;
            return onReload is null ? Task.CompletedTask : Task.FromException(onReload);
        }
    }

    private static async Task<PageHandlerExecutedContext> RunAsync(PageModel page, Exception thrown)
    {
        var context = new PageContext(new ActionContext(new DefaultHttpContext(), new RouteData(), new ActionDescriptor()));
        page.PageContext = context;
        var executing = new PageHandlerExecutingContext(context, [], new(), new Dictionary<string, object?>(), page);
        var executed = new PageHandlerExecutedContext(context, [], new(), page) { Exception = thrown };
        await new CommandExceptionPageFilter().OnPageHandlerExecutionAsync(executing, () => Task.FromResult(executed));
        return executed;
    }

    [Fact]
    public async Task A_query_refused_in_a_handler_answers_403_and_a_missing_thing_404()
    {
        var forbidden = await RunAsync(new FormPage(), new ForbiddenException("Needs role Secretariat."));
        Assert.True(forbidden.ExceptionHandled);
        Assert.Equal(StatusCodes.Status403Forbidden, Assert.IsType<StatusCodeResult>(forbidden.Result).StatusCode);

        var missing = await RunAsync(new FormPage(), new NotFoundException("No such fund."));
        Assert.True(missing.ExceptionHandled);
        Assert.IsType<NotFoundResult>(missing.Result);
    }

    [Fact]
    public async Task A_validation_failure_shows_the_form_again_with_its_data_reloaded()
    {
        var page = new FormPage();
        var executed = await RunAsync(page, new ValidationException([new ValidationFailure("Amount", "请填写金额")]));
        Assert.True(executed.ExceptionHandled);
        Assert.IsType<PageResult>(executed.Result);
        Assert.Equal(1, page.Reloads);
        Assert.Equal("请填写金额", Assert.Single(page.ModelState["Input.Amount"]!.Errors).ErrorMessage);
    }

    [Fact]
    public async Task When_reloading_the_form_is_refused_the_visitor_gets_the_refusal_not_the_form()
    {
        var executed = await RunAsync(new FormPage(new ForbiddenException("Needs role Secretariat.")),
            new ValidationException([new ValidationFailure("Amount", "请填写金额")]));
        Assert.True(executed.ExceptionHandled);
        Assert.Equal(StatusCodes.Status403Forbidden, Assert.IsType<StatusCodeResult>(executed.Result).StatusCode);
    }

    [Fact]
    public async Task Other_failures_are_left_to_the_error_page()
    {
        var executed = await RunAsync(new FormPage(), new InvalidOperationException("boom"));
        Assert.False(executed.ExceptionHandled);
        Assert.Null(executed.Result);
    }
}

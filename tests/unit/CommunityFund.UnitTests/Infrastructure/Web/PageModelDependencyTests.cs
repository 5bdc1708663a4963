using System.Reflection;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CommunityFund.UnitTests.Infrastructure.Web;

/// <summary>Pages read through queries that declare their role; a page holding the database would read past them.</summary>
public class PageModelDependencyTests
{
    /// <summary>AppDbContext, CatalogDbContext or any other context, or a factory that makes one.</summary>
    private static bool IsDatabase(Type t) =>
        typeof(DbContext).IsAssignableFrom(t) || (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IDbContextFactory<>));

    private static List<Type> Pages() =>
        typeof(Program).Assembly.GetTypes().Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract).ToList();

    [Fact]
    public void No_page_model_takes_a_database_context_in_its_constructor()
    {
        var pages = Pages();
        Assert.NotEmpty(pages);
        var offenders = pages
            .SelectMany(p => p.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .SelectMany(c => c.GetParameters()).Where(x => IsDatabase(x.ParameterType))
                .Select(x => $"{p.FullName}({x.ParameterType.Name} {x.Name})"))
            .ToList();
        Assert.True(offenders.Count == 0, "Pages that hold a database context: " + string.Join(", ", offenders));
    }

    [Fact]
    public void No_page_handler_takes_a_database_context_as_a_parameter()
    {
        var offenders = Pages()
            .SelectMany(p => p.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.StartsWith("On", StringComparison.Ordinal))
                .SelectMany(m => m.GetParameters().Where(x => IsDatabase(x.ParameterType)).Select(x => $"{p.FullName}.{m.Name}({x.ParameterType.Name} {x.Name})")))
            .ToList();
        Assert.True(offenders.Count == 0, "Page handlers that take a database context: " + string.Join(", ", offenders));
    }
}

namespace CommunityFund.E2ETests.Infrastructure;

/// <summary>A browser test: after each test, any Content-Security-Policy violation a page reported fails it.</summary>
public abstract class BrowserTest : IDisposable
{
    public void Dispose()
    {
        GC.SuppressFinalize(this);
        E2EFixture.Running?.ThrowOnCspViolations();
    }
}

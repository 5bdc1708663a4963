using System.Net;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Features;

/// <summary>The platform's front page, as an anonymous visitor sees it.</summary>
public class IndexTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task Anyone_sees_the_active_funds_and_not_a_suspended_one()
    {
        var open = await f.CreateTenantAsync(nameZh: "石坪桥街道社区基金");
        var suspended = await f.CreateTenantAsync(status: TenantStatus.Suspended, nameZh: "暂停的社区基金");

        var response = await f.Factory.CreateClient().GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"/{open.Identifier}", html);
        Assert.Contains("石坪桥街道社区基金", html);
        Assert.DoesNotContain($"/{suspended.Identifier}", html);
        Assert.DoesNotContain("暂停的社区基金", html);
    }
}

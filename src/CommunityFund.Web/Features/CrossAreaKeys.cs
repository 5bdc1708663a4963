using Microsoft.EntityFrameworkCore.Metadata.Builders;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Ledger;

namespace CommunityFund.Web.Features;

/// <summary>
/// Foreign keys from one area's table to another's (a contest's and a project's paying fund), declared in the
/// composition root — the one place allowed to name every area — so the areas themselves never import each other.
/// Each area still configures the rest of its own entity.
/// </summary>
public sealed class CrossAreaKeys : IEntityTypeConfiguration<Contest>, IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Contest> b) =>
        b.HasOne<Fund>().WithMany().HasForeignKey(c => c.PayingFundId).OnDelete(DeleteBehavior.Restrict);

    public void Configure(EntityTypeBuilder<Project> b) =>
        b.HasOne<Fund>().WithMany().HasForeignKey(p => p.PayingFundId).OnDelete(DeleteBehavior.Restrict);
}

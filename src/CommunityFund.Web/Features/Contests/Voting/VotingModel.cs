using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Contests.Voting;

/// <summary>
/// A resident's one ballot in a contest (大众评审). The unique (contest, resident) key makes "once per contest" hold even
/// when the same resident submits twice at the same moment. Ballots and votes are never changed.
/// </summary>
public class ResidentBallot : ITenantOwned, IAppendOnly
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ContestId { get; set; }
    public Guid ResidentId { get; set; }
    public DateTimeOffset CastAt { get; set; }
}

/// <summary>One proposal chosen on a ballot (a ballot names 1..K proposals).</summary>
public class ResidentVote : ITenantOwned, IAppendOnly
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid BallotId { get; set; }
    public Guid ContestId { get; set; }
    public Guid ProposalId { get; set; }
}

public class VotingConfiguration : IEntityTypeConfiguration<ResidentBallot>, IEntityTypeConfiguration<ResidentVote>
{
    public void Configure(EntityTypeBuilder<ResidentBallot> b)
    {
        b.ToTable("ResidentBallots");
        b.HasIndex(x => new { x.TenantId, x.ContestId, x.ResidentId }).IsUnique();
        b.HasOne<Setup.Contest>().WithMany().HasForeignKey(x => x.ContestId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ResidentVote> b)
    {
        b.ToTable("ResidentVotes");
        b.HasIndex(x => new { x.TenantId, x.BallotId, x.ProposalId }).IsUnique();
        b.HasIndex(x => new { x.TenantId, x.ContestId, x.ProposalId });
        b.HasOne<ResidentBallot>().WithMany().HasForeignKey(x => x.BallotId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Proposals.Proposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Restrict);
    }
}

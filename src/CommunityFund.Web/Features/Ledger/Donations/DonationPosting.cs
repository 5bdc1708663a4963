namespace CommunityFund.Web.Features.Ledger.Donations;

/// <summary>What one donation is, once validated: recorded by the form and by the spreadsheet import alike.</summary>
public sealed record DonationInput(
    Guid? DonorId, DonorKind DonorKind, string DonorName, string? DonorContact,
    decimal Amount, DonationChannel Channel, Guid FundId, DateOnly Date, bool PublicListingConsent, string? Note);

public sealed record RecordedDonation(Guid DonationId, long EntryId, int ReceiptNumber);

/// <summary>
/// Records a donation: the donor (found or added to the register), the donation, its journal entry
/// (Dr bank or cash / Cr donation income, in the chosen fund) and its receipt number — all in the caller's transaction.
/// </summary>
public sealed class DonationPosting(AppDbContext db, UnitOfWork unitOfWork, LedgerService ledger, ICurrentUser user, TimeProvider clock)
{
    public async Task<RecordedDonation> RecordAsync(DonationInput input, CancellationToken ct)
    {
        var donor = await DonorAsync(input, ct);
        var debit = await ledger.SystemAccountAsync(input.Channel == DonationChannel.Cash ? ChartOfAccounts.Cash : ChartOfAccounts.Bank, ct);
        var credit = await ledger.SystemAccountAsync(IncomeAccount(donor.Kind, input.Channel), ct);
        var donation = new Donation
        {
            DonorId = donor.Id, FundId = input.FundId, Amount = input.Amount, Channel = input.Channel, Date = input.Date,
            PublicListingConsent = input.PublicListingConsent && donor.Kind != DonorKind.Anonymous,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
            RecordedAt = clock.GetUtcNow(), RecordedBy = user.UserId ?? Guid.Empty,
        };
        var entry = await ledger.PostAsync(new EntryDraft(input.Date, $"捐赠：{donor.Name}", EntryKind.Donation,
        [
            new LineDraft(debit, input.FundId, input.Amount, 0),
            new LineDraft(credit, input.FundId, 0, input.Amount),
        ], nameof(Donation), donation.Id), ct);
        donation.EntryId = entry.Id;
        db.Add(donation);
        var receipt = new DonationReceipt
        {
            DonationId = donation.Id,
            Number = await ledger.NextCounterAsync(LedgerService.Counter.Receipt, ct),
            IssuedAt = clock.GetUtcNow(),
        };
        db.Add(receipt);
        await unitOfWork.FlushAsync(ct); // the next donation of an import takes the next receipt number
        return new RecordedDonation(donation.Id, entry.Id, receipt.Number);
    }

    /// <summary>Online channels are online fundraising; otherwise individuals (and the anonymous) and organisations have their own income accounts.</summary>
    public static string IncomeAccount(DonorKind kind, DonationChannel channel) => channel switch
    {
        DonationChannel.Online => ChartOfAccounts.OnlineFundraising,
        _ => kind is DonorKind.Enterprise or DonorKind.SocialOrganisation ? ChartOfAccounts.DonationEnterprise : ChartOfAccounts.DonationIndividual,
    };

    private async Task<Donor> DonorAsync(DonationInput input, CancellationToken ct)
    {
        if (input.DonorId is { } id)
            return await db.Set<Donor>().SingleAsync(d => d.Id == id, ct);
        var name = input.DonorKind == DonorKind.Anonymous && string.IsNullOrWhiteSpace(input.DonorName) ? "匿名" : input.DonorName.Trim();
        // The register keeps one row per donor: the same kind and name is the same donor.
        var existing = await db.Set<Donor>().FirstOrDefaultAsync(d => d.Kind == input.DonorKind && d.Name == name, ct)
                       ?? db.Set<Donor>().Local.FirstOrDefault(d => d.Kind == input.DonorKind && d.Name == name);
        if (existing is not null) return existing;
        var donor = new Donor
        {
            Kind = input.DonorKind, Name = name, CreatedAt = clock.GetUtcNow(),
            Contact = string.IsNullOrWhiteSpace(input.DonorContact) ? null : input.DonorContact.Trim(),
        };
        db.Add(donor);
        return donor;
    }
}

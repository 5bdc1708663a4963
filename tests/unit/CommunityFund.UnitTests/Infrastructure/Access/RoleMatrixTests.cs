using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace CommunityFund.UnitTests.Infrastructure.Access;

/// <summary>
/// Every page route of the app, tried with GET by every kind of visitor over the demo data, answers what this one
/// table says: least privilege, following the roles of the product design. A route without a row fails the test.
/// </summary>
[Collection(DemoWorldCollection.Name)]
public class RoleMatrixTests(DemoWorld world, ITestOutputHelper output)
{
    /// <summary>
    /// O 200 · F 403 · N 404 · L redirect to sign-in · R another redirect. One letter per visitor, in this order:
    /// An anonymous · No signed in, no role · Oo/Ox OrgMember of the owning / another organisation · Jo/Jx judge on /
    /// off the contest's panel · Au auditor · Co committee · Se secretariat · Xs another fund's secretariat · Pa platform admin.
    /// The objects the routes open belong to Oo's organisation and to round 2, whose panel holds Jo but not Jx.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Expected = new Dictionary<string, string>
    {
        //                                                              An No Oo Ox Jo Jx Au Co Se Xs Pa
        ["/"] =                                                        "O  O  O  O  O  O  O  O  O  O  O",
        ["/account/check-email"] =                                     "O  O  O  O  O  O  O  O  O  O  O",
        ["/account/confirm-email"] =                                   "O  O  O  O  O  O  O  O  O  O  O",
        ["/account/forgot-password"] =                                 "O  O  O  O  O  O  O  O  O  O  O",
        ["/account/language"] =                                        "R  R  R  R  R  R  R  R  R  R  R",
        ["/account/login"] =                                           "O  O  O  O  O  O  O  O  O  O  O",
        ["/account/logout"] =                                          "L  L  L  L  L  L  L  L  L  L  L",
        ["/account/register"] =                                        "O  O  O  O  O  O  O  O  O  O  O",
        ["/account/reset-password"] =                                  "O  O  O  O  O  O  O  O  O  O  O",
        ["/admin/tenants"] =                                           "L  F  F  F  F  F  F  F  F  F  O",
        ["/admin/tenants/create"] =                                    "L  F  F  F  F  F  F  F  F  F  O",
        ["/admin/tenants/{id}/invite"] =                               "L  F  F  F  F  F  F  F  F  F  O",
        ["/error/{code}"] =                                            "N  N  N  N  N  N  N  N  N  N  N",
        ["/{tenant}"] =                                                "L  F  O  O  O  O  O  O  O  F  L",
        ["/{tenant}/account/check-email"] =                            "O  O  O  O  O  O  O  O  O  O  O",
        ["/{tenant}/account/confirm-email"] =                          "O  O  O  O  O  O  O  O  O  O  O",
        ["/{tenant}/account/forgot-password"] =                        "O  O  O  O  O  O  O  O  O  O  O",
        ["/{tenant}/account/language"] =                               "R  R  R  R  R  R  R  R  R  R  R",
        ["/{tenant}/account/login"] =                                  "O  O  O  O  O  O  O  O  O  O  O",
        ["/{tenant}/account/logout"] =                                 "L  L  L  L  L  L  L  L  L  L  L",
        ["/{tenant}/account/register"] =                               "O  O  O  O  O  O  O  O  O  O  O",
        ["/{tenant}/account/reset-password"] =                         "O  O  O  O  O  O  O  O  O  O  O",
        ["/{tenant}/approvals"] =                                      "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/approvals/{id}"] =                                 "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/audit"] =                                          "L  F  F  F  F  F  O  O  F  F  L",
        ["/{tenant}/audit/exceptions"] =                              "L  F  F  F  F  F  O  O  F  F  L",
        ["/{tenant}/audit/export/{format}"] =                          "L  F  F  F  F  F  O  O  F  F  L",
        ["/{tenant}/audit/verify"] =                                   "L  F  F  F  F  F  O  O  F  F  L",
        ["/{tenant}/claims/{id}"] =                                    "L  F  O  F  F  F  O  O  O  F  L",
        ["/{tenant}/claims/{id}/lines/add"] =                          "L  F  R  F  F  F  R  R  R  F  L",
        ["/{tenant}/claims/{id}/lines/{lineId}/remove"] =              "L  F  R  F  F  F  R  R  R  F  L",
        ["/{tenant}/claims/{id}/receipts/{lineId}"] =                  "L  F  O  F  F  F  O  O  O  F  L",
        ["/{tenant}/claims/{id}/review"] =                             "L  F  R  F  F  F  R  R  R  F  L",
        ["/{tenant}/claims/{id}/settle"] =                             "L  F  R  F  F  F  R  R  R  F  L",
        ["/{tenant}/claims/{id}/submit"] =                             "L  F  R  F  F  F  R  R  R  F  L",
        ["/{tenant}/contests"] =                                       "L  F  O  O  O  O  O  O  O  F  L",
        ["/{tenant}/contests/commitments"] =                           "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/contests/new"] =                                   "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/contests/{contestId}/awards"] =                    "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/contests/{contestId}/awards/propose"] =            "L  F  F  F  F  F  R  R  R  F  L",
        ["/{tenant}/contests/{contestId}/awards/{listId}/confirm"] =   "L  F  F  F  F  F  R  R  R  F  L",
        ["/{tenant}/contests/{contestId}/awards/{listId}/withdraw"] =  "L  F  F  F  F  F  R  R  R  F  L",
        ["/{tenant}/contests/{contestId}/conflicts"] =                 "L  F  F  F  O  O  F  F  F  F  L",
        ["/{tenant}/contests/{contestId}/judges"] =                    "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/contests/{contestId}/notice"] =                    "O  O  O  O  O  O  O  O  O  O  O",
        ["/{tenant}/contests/{contestId}/objections"] =                "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/contests/{contestId}/proposals"] =                 "L  F  O  O  F  F  O  O  O  F  L",
        ["/{tenant}/contests/{contestId}/proposals/new"] =             "L  F  O  O  F  F  F  F  O  F  L",
        ["/{tenant}/contests/{contestId}/results"] =                   "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/contests/{contestId}/schedule"] =                  "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/contests/{contestId}/schedule/print"] =            "L  F  O  O  O  O  O  O  O  F  L",
        ["/{tenant}/contests/{contestId}/score"] =                     "L  F  F  F  O  F  F  F  F  F  L",
        ["/{tenant}/contests/{contestId}/screening"] =                 "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/contests/{contestId}/sheets"] =                    "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/contests/{contestId}/tally"] =                     "O  O  O  O  O  O  O  O  O  O  O",
        ["/{tenant}/contests/{contestId}/vote"] =                      "L  O  O  O  O  O  O  O  O  O  L",
        ["/{tenant}/contests/{contestId}/vote/qr"] =                   "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/contests/{id}"] =                                  "L  F  O  O  O  O  O  O  O  F  L",
        ["/{tenant}/contests/{id}/copy"] =                             "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/contests/{id}/edit"] =                             "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/grants/conflicts"] =                               "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/grants/settings"] =                                "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/grants/settings/holidays"] =                       "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/inbox"] =                                          "L  F  O  O  O  O  O  O  O  F  L",
        ["/{tenant}/invitations/{token}"] =                            "O  O  O  O  O  O  O  O  O  O  O",
        ["/{tenant}/ledger/accounts"] =                                "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/accounts/edit/{id?}"] =                     "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/donations"] =                               "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/donations/record"] =                        "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/ledger/donations/{id}/receipt"] =                  "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/donors"] =                                  "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/donors/{id}"] =                             "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/export/fund-statement/{format}"] =          "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/export/journal.ledger"] =                   "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/export/journal/{format}"] =                 "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/export/trial-balance/{format}"] =           "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/fund-statement"] =                          "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/funds"] =                                   "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/funds/edit/{id?}"] =                        "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/ledger/funds/verify"] =                            "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/imports/donations"] =                       "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/ledger/income"] =                                  "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/income/federation"] =                       "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/ledger/income/government"] =                       "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/ledger/inkind"] =                                  "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/inkind/record"] =                           "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/ledger/inventory"] =                               "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/inventory/{id}"] =                          "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/inventory/{id}/issue"] =                    "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/ledger/journal"] =                                 "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/journal/{id}"] =                            "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/periods"] =                                 "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/transfers"] =                               "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/transfers/new"] =                           "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/ledger/transfers/{id}"] =                          "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ledger/trial-balance"] =                           "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/members"] =                                        "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/members/invite"] =                                 "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/organisations"] =                                  "L  F  O  O  F  F  O  O  O  F  L",
        ["/{tenant}/organisations/collect"] =                          "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/organisations/register"] =                         "L  F  O  O  F  F  F  F  F  F  L",
        ["/{tenant}/organisations/{id}"] =                             "L  F  O  N  F  F  O  O  O  F  L",
        ["/{tenant}/projects"] =                                       "L  F  O  O  F  F  O  O  O  F  L",
        ["/{tenant}/projects/new"] =                                   "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/projects/new-from-award"] =                        "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/projects/{id}"] =                                  "L  F  O  F  F  F  O  O  O  F  L",
        ["/{tenant}/projects/{id}/advance/return"] =                   "L  F  R  F  F  F  R  R  R  F  L",
        ["/{tenant}/projects/{id}/advance/write-off"] =                "L  F  R  F  F  F  R  R  R  F  L",
        ["/{tenant}/projects/{id}/budget"] =                           "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/projects/{id}/plan"] =                             "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/projects/{id}/tranches/{trancheId}/pay"] =         "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/projects/{projectId}/budget-vs-actual"] =          "L  F  O  F  F  F  O  O  O  F  L",
        ["/{tenant}/projects/{projectId}/claims"] =                    "L  F  O  F  F  F  O  O  O  F  L",
        ["/{tenant}/projects/{projectId}/claims/new"] =                "L  F  O  F  F  F  F  F  O  F  L",
        ["/{tenant}/projects/{projectId}/reports"] =                   "L  F  O  F  F  F  O  O  O  F  L",
        ["/{tenant}/projects/{projectId}/reports/new"] =               "L  F  O  F  F  F  F  F  F  F  L",
        ["/{tenant}/proposals/{id}"] =                                 "L  F  O  F  O  F  O  O  O  F  L",
        ["/{tenant}/proposals/{id}/attachments/upload"] =              "L  F  R  F  R  F  R  R  R  F  L",
        ["/{tenant}/proposals/{id}/attachments/{attachmentId}"] =      "L  F  O  F  O  F  O  O  O  F  L",
        ["/{tenant}/proposals/{id}/attachments/{attachmentId}/delete"] = "L  F  R  F  R  F  R  R  R  F  L",
        ["/{tenant}/proposals/{id}/comments"] =                        "L  F  O  F  F  F  O  O  O  F  L",
        ["/{tenant}/proposals/{id}/commitments"] =                     "L  F  O  F  F  F  O  O  O  F  L",
        ["/{tenant}/proposals/{id}/compare"] =                         "L  F  O  F  O  F  O  O  O  F  L",
        ["/{tenant}/proposals/{id}/edit"] =                            "L  F  O  F  F  F  F  F  O  F  L",
        ["/{tenant}/proposals/{id}/screening"] =                       "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/proposals/{id}/screening/accept"] =                "L  F  F  F  F  F  R  R  R  F  L",
        ["/{tenant}/proposals/{id}/screening/accept-with-missing-documents"] = "L  F  F  F  F  F  R  R  R  F  L",
        ["/{tenant}/proposals/{id}/screening/reject"] =                "L  F  F  F  F  F  R  R  R  F  L",
        ["/{tenant}/proposals/{id}/screening/return"] =                "L  F  F  F  F  F  R  R  R  F  L",
        ["/{tenant}/proposals/{id}/submit"] =                          "L  F  R  F  R  F  R  R  R  F  L",
        ["/{tenant}/proposals/{proposalId}/sheet"] =                   "L  F  F  F  O  F  F  F  F  F  L",
        ["/{tenant}/ratings"] =                                        "L  F  O  O  F  F  O  O  O  F  L",
        ["/{tenant}/ratings/quarterly"] =                              "L  F  F  F  F  F  O  O  O  F  L",
        ["/{tenant}/ratings/rate/{stepId}"] =                          "L  F  O  F  F  F  F  F  F  F  L",
        ["/{tenant}/ratings/{id}"] =                                   "L  F  O  F  F  F  O  O  O  F  L",
        ["/{tenant}/ratings/{id}/respond"] =                           "L  F  F  F  F  F  F  F  O  F  L",
        ["/{tenant}/reports/{id}"] =                                   "L  F  O  F  F  F  O  O  O  F  L",
        ["/{tenant}/reports/{id}/files/{fileId}"] =                    "L  F  O  F  F  F  O  O  O  F  L",
        ["/{tenant}/sheets/{sheetId}/history"] =                       "L  F  F  F  O  F  O  O  O  F  L",
        ["/{tenant}/time-limits"] =                                    "L  F  F  F  F  F  O  O  O  F  L",
    };


    public static IReadOnlyList<string> Letters(string row) => row.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Every_row_of_the_table_has_one_answer_per_visitor()
    {
        foreach (var (route, row) in Expected)
            Assert.True(Letters(row).Count == Enum.GetValues<Visitor>().Length, $"{route}: {Letters(row).Count} answers for {Enum.GetValues<Visitor>().Length} visitors");
    }

    [Fact]
    public async Task Every_page_answers_every_kind_of_visitor_as_the_table_says()
    {
        var watch = Stopwatch.StartNew();
        var visits = await world.WalkAsync();
        var templates = world.PageTemplates();
        output.WriteLine($"{templates.Count} routes × {Enum.GetValues<Visitor>().Length} visitors = {visits.Count} requests in {watch.Elapsed.TotalSeconds:0.0} s");

        var problems = new StringBuilder();
        var missing = templates.Where(t => !Expected.ContainsKey(t)).ToList();
        foreach (var template in missing)
            problems.AppendLine($"no row for {template}; today it answers: {Row(template, visits)}");
        foreach (var stale in Expected.Keys.Except(templates))
            problems.AppendLine($"row for {stale}, which is not a route of the app");

        foreach (var visit in visits.Where(v => Expected.ContainsKey(v.Route.Template)))
        {
            var expected = Letters(Expected[visit.Route.Template])[(int)visit.Visitor];
            if (expected == visit.Answer.Code) continue;
            problems.AppendLine($"{visit.Route.Template} as {visit.Visitor} ({visit.Route.Url}): expected {expected}, got {visit.Answer.Code} ({visit.Answer.Detail})");
        }
        Assert.True(problems.Length == 0, problems.ToString());
    }

    /// <summary>A table row of what the route answers today, to copy when a new page is added.</summary>
    private static string Row(string template, IReadOnlyList<Visit> visits) =>
        $"[\"{template}\"] = \"{string.Join(' ', visits.Where(v => v.Route.Template == template).OrderBy(v => v.Visitor).Select(v => v.Answer.Code))}\",";
}

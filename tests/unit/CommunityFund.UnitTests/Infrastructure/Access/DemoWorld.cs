using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using CommunityFund.Migrations;
using CommunityFund.UnitTests.Support;

namespace CommunityFund.UnitTests.Infrastructure.Access;

/// <summary>The kinds of visitor the role matrix tries every page as, in the order of the table's columns.</summary>
public enum Visitor
{
    Anonymous,
    /// <summary>A confirmed account signed in at the fund, with no role in it.</summary>
    NoMembership,
    /// <summary>orgmember2@: contact of the organisation that owns the project, claims, reports and proposal the routes open.</summary>
    OwnOrgMember,
    /// <summary>orgmember3@: contact of another organisation with its own project.</summary>
    OtherOrgMember,
    /// <summary>judge@: on the panel of both rounds.</summary>
    PanelJudge,
    /// <summary>judge6@: judged round 1, not on the panel of round 2 (the contest the routes open).</summary>
    OffPanelJudge,
    Auditor,
    Committee,
    Secretariat,
    /// <summary>dahe's secretariat, signed in at shipingqiao (where it holds no role).</summary>
    OtherTenantSecretariat,
    /// <summary>admin@communityfund.local, signed in at the platform.</summary>
    PlatformAdmin,
}

/// <summary>What a GET answered: the status code, or L (redirect to sign-in) and R (any other redirect).</summary>
public sealed record Answer(string Code, string Detail)
{
    public static Answer Of(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location?.OriginalString ?? "";
            var login = location.StartsWith("/account/login", StringComparison.Ordinal) || Regex.IsMatch(location, "^/[a-z0-9-]+/account/login");
            return new Answer(login ? "L" : "R", $"{status} → {location}");
        }
        return new Answer(status switch { 200 => "O", 403 => "F", 404 => "N", _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture) }, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>One page route, its template as the table writes it (constraints left out) and the URL it is tried at.</summary>
public sealed record PageRoute(string Template, string Url);

/// <summary>One GET of one route by one visitor, with the body when it was an HTML page.</summary>
public sealed record Visit(PageRoute Route, Visitor Visitor, Answer Answer, string? Html);

/// <summary>
/// The demo world (both demo funds, every role, shipingqiao's contests, grants and books, loaded by the migrator's
/// seed-demo) behind the real app, one signed-in HTTP client per kind of visitor, and every Razor page route with its
/// parameters filled from the demo data. The walk over every (route, visitor) runs once and is shared by the tests.
/// </summary>
public sealed class DemoWorld : IAsyncLifetime
{
    public const string Tenant = "shipingqiao";
    public const string OtherTenant = "dahe";
    public SliceFixture Fixture { get; } = new();
    private readonly Dictionary<Visitor, HttpClient> _clients = [];
    private readonly Dictionary<string, string> _values = [];
    private Task<IReadOnlyList<Visit>>? _walk;

    public IReadOnlyDictionary<Visitor, HttpClient> Clients => _clients;

    public async Task InitializeAsync()
    {
        await Fixture.InitializeAsync();
        await DemoData.SeedAsync(Fixture.Database.ConnectionString, TextWriter.Null, Path.Combine(Fixture.MailDirectory, "files"));
        await ResolveValuesAsync();
        var noMember = await Fixture.CreateUserAsync();
        var signIns = new (Visitor Visitor, string? Tenant, string? Email, string Password)[]
        {
            (Visitor.Anonymous, null, null, ""),
            (Visitor.NoMembership, Tenant, noMember.Email, SliceFixture.Password),
            (Visitor.OwnOrgMember, Tenant, $"orgmember2@{Tenant}.demo", DemoData.Password),
            (Visitor.OtherOrgMember, Tenant, $"orgmember3@{Tenant}.demo", DemoData.Password),
            (Visitor.PanelJudge, Tenant, $"judge@{Tenant}.demo", DemoData.Password),
            (Visitor.OffPanelJudge, Tenant, $"judge6@{Tenant}.demo", DemoData.Password),
            (Visitor.Auditor, Tenant, $"auditor@{Tenant}.demo", DemoData.Password),
            (Visitor.Committee, Tenant, $"committee@{Tenant}.demo", DemoData.Password),
            (Visitor.Secretariat, Tenant, $"secretariat@{Tenant}.demo", DemoData.Password),
            (Visitor.OtherTenantSecretariat, Tenant, $"secretariat@{OtherTenant}.demo", DemoData.Password),
            (Visitor.PlatformAdmin, null, DemoData.AdminEmail, DemoData.Password),
        };
        Assert.Equal(Enum.GetValues<Visitor>().Order(), signIns.Select(s => s.Visitor).Order());
        foreach (var (visitor, tenant, email, password) in signIns)
        {
            var client = Fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            if (email is not null) await HttpLogin.SignInAsync(client, tenant, email, password);
            _clients[visitor] = client;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        await Fixture.DisposeAsync();
    }

    /// <summary>Every Razor page route of the app, as "/{tenant}/contests/{contestId}" (route constraints left out).</summary>
    public IReadOnlyList<string> PageTemplates() =>
        Fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => Normalise(e.RoutePattern.RawText ?? ""))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string Normalise(string raw)
    {
        var template = "/" + raw.TrimStart('/');
        // {tenant:tenant} → {tenant}, {id:guid?} → {id?}
        return Regex.Replace(template, @"\{([A-Za-z]+)(?::[^}?]+)?(\??)\}", "{$1$2}");
    }

    /// <summary>
    /// The value each route parameter gets, by the end of the route up to the parameter ("projects/{id}" fills
    /// /{tenant}/projects/{id}/plan and /{tenant}/projects/{id}/budget). The longest matching end wins.
    /// </summary>
    private async Task ResolveValuesAsync()
    {
        var tenantId = await ScalarAsync("SELECT Id FROM Tenants WHERE Identifier = @a", Tenant);
        var own = await ScalarAsync(
            "SELECT m.OrganisationId FROM OrganisationMembers m JOIN AspNetUsers u ON u.Id = m.UserId WHERE u.Email = @a", $"orgmember2@{Tenant}.demo");
        var contest = await ScalarAsync("SELECT Id FROM Contests WHERE Stage = 'PublicNotice'");
        var proposal = await ScalarAsync("SELECT Id FROM Proposals WHERE OrganisationId = @a AND ContestId = @b", own, contest);
        var sheet = await ScalarAsync(
            "SELECT s.Id FROM ScoreSheets s JOIN AspNetUsers u ON u.Id = s.JudgeId WHERE s.ProposalId = @a AND u.Email = @b", proposal, $"judge@{Tenant}.demo");
        var project = await ScalarAsync("SELECT Id FROM Projects WHERE OrganisationId = @a ORDER BY Number LIMIT 1", own);
        var tranche = await ScalarAsync("SELECT Id FROM Tranches WHERE ProjectId = @a ORDER BY Sequence DESC LIMIT 1", project);
        var claim = await ScalarAsync("SELECT Id FROM ExpenseClaims WHERE ProjectId = @a ORDER BY Number LIMIT 1", project);
        var line = await ScalarAsync("SELECT Id FROM ExpenseClaimLines WHERE ClaimId = @a ORDER BY Date LIMIT 1", claim);
        var report = await ScalarAsync("SELECT Id FROM ProjectReports WHERE ProjectId = @a ORDER BY SubmittedAt LIMIT 1", project);
        var approval = await ScalarAsync("SELECT Id FROM ApprovalRequests WHERE SubjectId = @a", tranche);
        var awardList = await ScalarAsync("SELECT Id FROM AwardLists WHERE ContestId = @a ORDER BY PreparedAt DESC LIMIT 1", contest);

        // The demo has no proposal attachment, report file or open invitation: add one of each, the files pointing at
        // a receipt the demo stored.
        var receipt = await RowAsync("SELECT ReceiptFileName, ReceiptContentType, ReceiptStorageKey, ReceiptSha256 FROM ExpenseClaimLines WHERE Id = @a", line);
        var attachment = Guid.NewGuid().ToString();
        await ExecuteAsync(
            "INSERT INTO ProposalAttachments (Id, TenantId, ProposalId, Purpose, FileName, ContentType, Size, Sha256, StorageKey, UploadedBy, UploadedAt) " +
            "SELECT @a, @b, @c, 'Supporting', @d, @e, 1, @f, @g, CreatedBy, UTC_TIMESTAMP() FROM Proposals WHERE Id = @c",
            attachment, tenantId, proposal, receipt[0], receipt[1], receipt[3], receipt[2]);
        var reportFile = Guid.NewGuid().ToString();
        await ExecuteAsync(
            "INSERT INTO ReportFiles (Id, TenantId, ReportId, FileName, ContentType, Size, Sha256, StorageKey, UploadedAt) VALUES (@a, @b, @c, @d, @e, 1, @f, @g, UTC_TIMESTAMP())",
            reportFile, tenantId, report, receipt[0], receipt[1], receipt[3], receipt[2]);
        var token = "role-matrix-" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(
            "INSERT INTO Invitations (Id, TenantId, Email, Role, TokenHash, CreatedAt, ExpiresAt) VALUES (@a, @b, @c, 'OrgMember', @d, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 7 DAY)",
            Guid.NewGuid().ToString(), tenantId, "invited@example.org", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))));

        // A closed claim review the organisation rated, and a closed report review it has not rated yet.
        var ratedStep = Guid.NewGuid().ToString();
        var openStep = Guid.NewGuid().ToString();
        foreach (var (step, kind, subject) in new[] { (ratedStep, "ClaimReview", claim), (openStep, "ReportReview", report) })
            await ExecuteAsync(
                "INSERT INTO PendingSteps (Id, TenantId, Step, SubjectId, Title, ResponsibleRole, StartedOn, LimitWorkingDays, State, ClosedAt) " +
                "VALUES (@a, @b, @c, @d, 'role matrix', 'Secretariat', UTC_DATE() - INTERVAL 3 DAY, 5, 'Green', UTC_TIMESTAMP())",
                step, tenantId, kind, subject);
        var rating = Guid.NewGuid().ToString();
        await ExecuteAsync(
            "INSERT INTO ServiceRatings (Id, TenantId, StepId, Step, OrganisationId, Round, Level, TagsJson, Comment, RaterId, At) " +
            "SELECT @a, @b, @c, 'ClaimReview', @d, 1, 'Dissatisfied', '[\"TooSlow\"]', '', u.Id, UTC_TIMESTAMP() FROM AspNetUsers u WHERE u.Email = @e",
            rating, tenantId, ratedStep, own, $"orgmember2@{Tenant}.demo");

        _values["{tenant}"] = Tenant;
        _values["rate/{stepId}"] = openStep;
        _values["ratings/{id}"] = rating;
        _values["contests/{id}"] = _values["contests/{contestId}"] = contest;
        _values["proposals/{id}"] = _values["proposals/{proposalId}"] = proposal;
        _values["attachments/{attachmentId}"] = attachment;
        _values["awards/{listId}"] = awardList;
        _values["sheets/{sheetId}"] = sheet;
        _values["organisations/{id}"] = own;
        _values["projects/{id}"] = _values["projects/{projectId}"] = project;
        _values["tranches/{trancheId}"] = tranche;
        _values["claims/{id}"] = claim;
        _values["receipts/{lineId}"] = _values["lines/{lineId}"] = line;
        _values["reports/{id}"] = report;
        _values["files/{fileId}"] = reportFile;
        _values["approvals/{id}"] = approval;
        _values["invitations/{token}"] = token;
        _values["admin/tenants/{id}"] = await ScalarAsync("SELECT Id FROM Tenants WHERE Identifier = @a", OtherTenant);
        _values["error/{code}"] = "404";
        _values["{format}"] = "csv";
        _values["accounts/edit/{id?}"] = await ScalarAsync("SELECT Id FROM Accounts WHERE TenantId = @a ORDER BY Code LIMIT 1", tenantId);
        _values["funds/edit/{id?}"] = await ScalarAsync("SELECT Id FROM Funds WHERE TenantId = @a ORDER BY Code LIMIT 1", tenantId);
        _values["donations/{id}"] = await ScalarAsync("SELECT Id FROM Donations WHERE TenantId = @a ORDER BY Date LIMIT 1", tenantId);
        _values["donors/{id}"] = await ScalarAsync("SELECT Id FROM Donors WHERE TenantId = @a ORDER BY Name LIMIT 1", tenantId);
        _values["inventory/{id}"] = await ScalarAsync("SELECT Id FROM InventoryItems WHERE TenantId = @a ORDER BY Name LIMIT 1", tenantId);
        _values["journal/{id}"] = await ScalarAsync("SELECT Id FROM JournalEntries WHERE TenantId = @a ORDER BY Number LIMIT 1", tenantId);
        _values["transfers/{id}"] = await ScalarAsync("SELECT Id FROM FundTransferRequests WHERE TenantId = @a LIMIT 1", tenantId);
    }

    /// <summary>Query strings a page needs to show anything but 404.</summary>
    private static readonly Dictionary<string, string> Queries = new()
    {
        ["/{tenant}/projects/{projectId}/reports/new"] = "?kind=Final",
    };

    /// <summary>The URL a route is tried at; fails naming the parameter when no resolver fills it.</summary>
    public PageRoute Route(string template)
    {
        var url = Regex.Replace(template, @"\{[A-Za-z]+\??\}", m =>
        {
            var upTo = template[..(m.Index + m.Length)];
            var key = _values.Keys.Where(k => upTo.EndsWith(k, StringComparison.Ordinal)).MaxBy(k => k.Length)
                ?? throw new InvalidOperationException($"No value for {m.Value} in {template}: add a resolver for it in {nameof(DemoWorld)}.");
            return _values[key];
        });
        return new PageRoute(template, url + Queries.GetValueOrDefault(template, ""));
    }

    /// <summary>Every route tried by every visitor, each visitor's requests in order, the visitors side by side.</summary>
    public Task<IReadOnlyList<Visit>> WalkAsync() => _walk ??= WalkOnceAsync();

    private async Task<IReadOnlyList<Visit>> WalkOnceAsync()
    {
        var routes = PageTemplates().Select(Route).ToList();
        var perVisitor = await Task.WhenAll(_clients.Select(async c =>
        {
            var visits = new List<Visit>();
            foreach (var route in routes)
            {
                using var response = await c.Value.GetAsync(route.Url);
                var html = response.Content.Headers.ContentType?.MediaType == "text/html" ? await response.Content.ReadAsStringAsync() : null;
                visits.Add(new Visit(route, c.Key, Answer.Of(response), html));
            }
            return visits;
        }));
        return perVisitor.SelectMany(v => v).ToList();
    }

    private static async Task<MySqlCommand> CommandAsync(MySqlConnection connection, string sql, object?[] args)
    {
        await connection.OpenAsync();
        var command = new MySqlCommand(sql, connection);
        for (var i = 0; i < args.Length; i++) command.Parameters.AddWithValue("@" + (char)('a' + i), args[i]);
        return command;
    }

    private async Task<string> ScalarAsync(string sql, params object?[] args)
    {
        await using var connection = new MySqlConnection(Fixture.Database.ConnectionString);
        await using var command = await CommandAsync(connection, sql, args);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The demo data has nothing for: {sql}");
    }

    private async Task<string[]> RowAsync(string sql, params object?[] args)
    {
        await using var connection = new MySqlConnection(Fixture.Database.ConnectionString);
        await using var command = await CommandAsync(connection, sql, args);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw new InvalidOperationException($"The demo data has nothing for: {sql}");
        return Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray();
    }

    private async Task ExecuteAsync(string sql, params object?[] args)
    {
        await using var connection = new MySqlConnection(Fixture.Database.ConnectionString);
        await using var command = await CommandAsync(connection, sql, args);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}

[CollectionDefinition(Name)]
public sealed class DemoWorldCollection : ICollectionFixture<DemoWorld>
{
    public const string Name = "demo world";
}

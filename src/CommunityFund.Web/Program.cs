using CommunityFund.Web.Features;
using CommunityFund.Web.Infrastructure.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommunityFund();
builder.Services.AddFeatures();

var app = builder.Build();
app.UseCommunityFund();
app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using CommunityFund.Web.Infrastructure.Audit;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Mail;

namespace CommunityFund.Web.Infrastructure.Web;

public static class CommunityFundApp
{
    public static WebApplicationBuilder AddCommunityFund(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        builder.Logging.ClearProviders();
        if (configuration.GetValue("Logging:Json", !builder.Environment.IsDevelopment()))
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        else
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        // Chinese text is written as-is instead of as &#x...; entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddMemoryCache();
        services.AddCommunityFundLocalization();
        services.AddCommunityFundData(configuration);
        services.AddTenancy(configuration);
        services.AddCommunityFundIdentity(configuration);
        services.AddCommunityFundMediation(typeof(CommunityFundApp).Assembly);
        services.AddScoped<UnitOfWork>();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<AuditTrail>();
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.AddScoped<IEmailSender, MailKitEmailSender>();
        services.Configure<Files.FileStoreOptions>(configuration.GetSection(Files.FileStoreOptions.Section));
        services.Configure<AnonymousFormLimits>(configuration.GetSection(AnonymousFormLimits.Section));
        services.AddSingleton<AnonymousFormLimiter>();
        services.AddScoped<Files.IFileStore, Files.TenantFileStore>();

        services.AddDataProtection()
            .SetApplicationName("CommunityFund")
            .PersistKeysToDbContext<CatalogDbContext>();
        services.AddHealthChecks().AddDbContextCheck<CatalogDbContext>("database");
        services.AddEdge(configuration);
        // First of all startup filters, so even the host filter's 400 carries the security headers.
        services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, SecurityHeadersStartupFilter>());
        // Every cookie (sign-in, antiforgery, language) is Secure when the request came over HTTPS.
        services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);
        services.AddAntiforgery(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SuppressXFrameOptionsHeader = true; // DENY comes from SecurityHeadersMiddleware, for every response
        });

        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.Add(new TenantRouteConvention());
                o.Conventions.Add(new TenantMemberByDefaultConvention());
                o.Conventions.AuthorizeFolder("/Admin", Policies.PlatformAdmin);
            })
            .AddMvcOptions(o =>
            {
                o.Filters.Add<CommandExceptionPageFilter>();
                o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                o.ModelMetadataDetailsProviders.Add(new EmptyStringStaysEmpty());
            })
            // Validation runs on the server (FluentValidation, localised); no data-val-* attributes with English text.
            .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false)
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));
        // The model binder's own messages (e.g. a non-number in a number field), localised like everything else.
        services.AddOptions<Microsoft.AspNetCore.Mvc.MvcOptions>().Configure<Microsoft.Extensions.Localization.IStringLocalizerFactory>((o, factory) =>
        {
            var l = factory.Create(typeof(SharedResource));
            var m = o.ModelBindingMessageProvider;
            m.SetAttemptedValueIsInvalidAccessor((value, _) => l["Binding.Invalid", value]);
            m.SetUnknownValueIsInvalidAccessor(_ => l["Binding.InvalidNoValue"]);
            m.SetValueIsInvalidAccessor(value => l["Binding.Invalid", value]);
            m.SetValueMustNotBeNullAccessor(_ => l["Binding.Required"]);
            m.SetMissingBindRequiredValueAccessor(_ => l["Binding.Required"]);
            m.SetMissingKeyOrValueAccessor(() => l["Binding.Required"]);
            m.SetMissingRequestBodyRequiredValueAccessor(() => l["Binding.Required"]);
            m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => l["Binding.Invalid", value]);
            m.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["Binding.InvalidNoValue"]);
            m.SetNonPropertyValueMustBeANumberAccessor(() => l["Binding.Number"]);
            m.SetValueMustBeANumberAccessor(_ => l["Binding.Number"]);
        });
        services.Configure<RouteOptions>(o =>
        {
            o.ConstraintMap["tenant"] = typeof(TenantSlugRouteConstraint);
            o.LowercaseUrls = true;
        });
        return builder;
    }

    private static IServiceCollection AddTenancy(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TenancyOptions>(configuration.GetSection(TenancyOptions.Section));
        services.AddScoped<ITenantContext, TenantContext>();
        services.AddScoped<ITenantStore, CatalogTenantStore>();
        services.AddScoped<ITenantResolutionStrategy>(sp =>
            sp.GetRequiredService<IOptions<TenancyOptions>>().Value.Strategy.Equals("Host", StringComparison.OrdinalIgnoreCase)
                ? new HostTenantStrategy(sp.GetRequiredService<IOptions<TenancyOptions>>())
                : new PathTenantStrategy());
        return services;
    }

    private static IServiceCollection AddCommunityFundIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentity<AppUser, IdentityRole<Guid>>(AccountRules.Apply)
            .AddEntityFrameworkStores<CatalogDbContext>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddPasswordValidator<MaxLengthPasswordValidator>()
            .AddClaimsPrincipalFactory<TenantBoundClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokenProvider>(PasswordResetTokenProviderOptions.ProviderName);
        services.Configure<IdentityOptions>(o => o.Tokens.PasswordResetTokenProvider = PasswordResetTokenProviderOptions.ProviderName);
        services.Configure<PasswordResetTokenProviderOptions>(o =>
            o.TokenLifespan = TimeSpan.FromMinutes(configuration.GetValue("SignIn:PasswordResetMinutes", 60.0)));
        // How soon a session notices a changed security stamp (a password reset signs the other sessions out).
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.OnRefreshingPrincipal = TenantCookieValidation.KeepTenantOnRefresh;
            o.ValidationInterval = TimeSpan.FromSeconds(configuration.GetValue("SignIn:SessionCheckSeconds", 60.0));
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "cf.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnValidatePrincipal = TenantCookieValidation.ValidateAsync;
            o.Events.OnRedirectToLogin = ctx =>
            {
                var tenant = ctx.HttpContext.RequestServices.GetRequiredService<ITenantContext>().Current;
                var login = tenant is null ? "/account/login" : $"/{tenant.Identifier}/account/login";
                var returnUrl = ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString;
                ctx.Response.Redirect($"{login}?returnUrl={Uri.EscapeDataString(returnUrl)}");
                return Task.CompletedTask;
            };
            // A signed-in user without the right membership sees our localised 403 page, not a redirect.
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddScoped<Microsoft.AspNetCore.Authentication.IClaimsTransformation, TenantRoleClaimsTransformation>();
        services.AddAuthorization(AuthorizationPolicies.Add);
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.Configure<SignInThrottleOptions>(configuration.GetSection(SignInThrottleOptions.Section));
        services.AddScoped<SignInThrottle>();
        return services;
    }

    public static WebApplication UseCommunityFund(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseCookiePolicy();
        // Before the error pages, so a re-executed error page keeps the language chosen for the original request.
        app.UseRequestLocalization();
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        if (app.Services.GetRequiredService<IOptions<TenancyOptions>>().Value.Strategy.Equals("Host", StringComparison.OrdinalIgnoreCase))
            app.UseMiddleware<HostTenantPathRewriteMiddleware>();
        app.UseRouting();
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/healthz");
        app.MapRazorPages();
        return app;
    }
}

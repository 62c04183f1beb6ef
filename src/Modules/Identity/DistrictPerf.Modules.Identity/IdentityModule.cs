using DistrictPerf.Modules.Bureaus.Contracts;
using Microsoft.AspNetCore.Authentication.BearerToken;
using DistrictPerf.Modules.Identity.Auth;
using DistrictPerf.Modules.Identity.Contracts;
using DistrictPerf.Modules.Identity.Domain;
using DistrictPerf.Modules.Identity.Features.Users;
using FluentValidation;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Modules.Identity;

/// <summary>Identity module: users, roles, sign-in, user management.</summary>
public static class IdentityModule
{
    /// <summary>Name of the scheme that picks bearer or cookie authentication per request.</summary>
    public const string SmartScheme = "BearerOrCookie";

    public static IServiceCollection AddIdentityModule<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Bearer token or cookie", o =>
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(1);
                o.Events = new BearerTokenEvents { OnMessageReceived = BearerSecurityStampCheck.OnMessageReceivedAsync };
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.Cookie.Name = "DistrictPerf.Auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                // An API answers 401/403; it never redirects to a login page.
                o.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; },
                    OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; },
                    OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync,
                };
            }));

        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<AppRole>()
            .AddEntityFrameworkStores<TContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>();

        services.AddScoped<ISecurityStampValidator, TenantAwareSecurityStampValidator>();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));
        services.AddMemoryCache();
        services.AddOptions<BearerCheckOptions>().BindConfiguration("Identity:BearerCheck");
        services.AddScoped<IUserProvisioner, UserProvisioner>();
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<IdentitySeeder>();
        services.AddValidatorsFromAssembly(typeof(IdentityModule).Assembly, includeInternalTypes: true);
        return services;
    }

    public static void MapIdentityEndpoints(IEndpointRouteBuilder api)
    {
        AuthEndpoints.Map(api);
        var users = api.MapGroup("/users").WithTags("Users");
        UserQueriesHandler.Map(users);
        ManageUsersHandler.Map(users);
    }
}

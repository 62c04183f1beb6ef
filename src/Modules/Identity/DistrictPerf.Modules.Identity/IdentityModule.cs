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
using DistrictPerf.SharedKernel.Auditing;
using DistrictPerf.SharedKernel.Modules;
using Perm = DistrictPerf.SharedKernel.Authorization.Permissions;

namespace DistrictPerf.Modules.Identity;

/// <summary>Identity module: users, roles, sign-in, user management.</summary>
public sealed class IdentityModule : IModule
{
    /// <summary>Name of the scheme that picks bearer or cookie authentication per request.</summary>
    public const string SmartScheme = "BearerOrCookie";

    public string Name => "Identity";

    public System.Reflection.Assembly? ContractsAssembly => typeof(IUserDirectory).Assembly;

    public IReadOnlyCollection<string> Permissions => [Perm.UsersView, Perm.UsersManage, Perm.HostActInBureau];

    public void ConfigureModel(ModelBuilder builder) => Persistence.IdentityModel.Configure(builder);

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
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
                // Every request re-checks the token's user and session (SignInSessions): revocation is immediate.
                o.Events = new BearerTokenEvents { OnMessageReceived = SignInSessions.ValidateBearerAsync };
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
                    // Every request re-checks the cookie's user and session (SignInSessions): sign-out and deactivation end it at once.
                    OnValidatePrincipal = SignInSessions.ValidateCookieAsync,
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
                // No account-wide lockout: anyone could lock anyone out. Failed sign-ins are limited per address
                // and per account instead (SignInThrottle).
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<AppRole>()
            .AddEntityFrameworkStores(module.DbContextType)
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>();

        services.AddMemoryCache();
        // Sign-in sessions (UserTokens rows, SignInSessions) are written at every sign-in: not changes to audit.
        // They set their tenant themselves.
        if (services.LastOrDefault(d => d.ServiceType == typeof(AuditingOptions))?.ImplementationInstance is AuditingOptions auditing)
        {
            auditing.IgnoredTypes.Add(typeof(AppUserToken));
        }

        services.AddScoped<SignInSessions>();
        services.AddSingleton<SessionCache>();
        services.AddSingleton<BearerTickets>();
        services.AddScoped<SharedKernel.Modules.IWarmUpSignIns, WarmUpSignIns>();
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.Section);
        services.AddSingleton<SignInThrottle>();
        services.AddRateLimiter(SignInThrottle.AddPolicy);
        services.AddScoped<IUserProvisioner, UserProvisioner>();
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<IdentitySeeder>();
        services.AddValidatorsFromAssembly(typeof(IdentityModule).Assembly, includeInternalTypes: true);
    }

    public IEnumerable<WarmUpRequest> WarmUpRequests(Guid bureau, int year) =>
        [new("/api/auth/me"), new("/api/auth/me", WarmUpCaller.Host), new("/api/users", WarmUpCaller.Host)];

    public void MapEndpoints(ModuleEndpoints endpoints)
    {
        AuthEndpoints.Map(endpoints.Api);
        var users = endpoints.Api.MapGroup("/users").WithTags("Users");
        UserQueriesHandler.Map(users);
        ManageUsersHandler.Map(users);
        HostBureauUsers.Map(endpoints.Host);
    }
}

/// <summary>Identity's EF stores for the host's context type, known only at run time.</summary>
internal static class IdentityStores
{
    public static IdentityBuilder AddEntityFrameworkStores(this IdentityBuilder builder, Type contextType) =>
        (IdentityBuilder)typeof(IdentityEntityFrameworkBuilderExtensions)
            .GetMethod(nameof(IdentityEntityFrameworkBuilderExtensions.AddEntityFrameworkStores))!
            .MakeGenericMethod(contextType)
            .Invoke(null, [builder])!;
}

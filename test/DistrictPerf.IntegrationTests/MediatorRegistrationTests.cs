using DistrictPerf.Host.Modules;
using DistrictPerf.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests;

/// <summary>
/// The Mediator source generator needs its assembly list as a literal in Program.cs; these tests
/// hold that list to the module catalogue: every handler and every notification of every module
/// (and of its Contracts) is known to the running app. A module left out of the literal fails here.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MediatorRegistrationTests(AppFixture app)
{
    private static IEnumerable<Type> CatalogueTypes() =>
        ModuleCatalog.All.SelectMany(m => m.ContractsAssembly is { } c ? [m.Assembly, c] : new[] { m.Assembly }).SelectMany(a => a.GetTypes()).Where(t => !t.IsAbstract);

    private static bool Implements(Type type, string genericName) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition().FullName == genericName);

    [Fact]
    public void EveryHandlerOfEveryModule_IsRegistered()
    {
        var handlers = CatalogueTypes()
            .Where(t => new[] { "Mediator.ICommandHandler`2", "Mediator.IQueryHandler`2", "Mediator.IRequestHandler`2", "Mediator.INotificationHandler`1" }.Any(n => Implements(t, n)))
            .ToList();
        handlers.Count.ShouldBeGreaterThan(20);
        var registry = app.Services.GetRequiredService<IServiceProviderIsService>();
        handlers.Where(h => !registry.IsService(h)).Select(h => h.FullName).ShouldBeEmpty("assemblies missing from the Mediator list in Program.cs");
    }

    [Fact]
    public void EveryNotification_ReachesItsHandlers()
    {
        var notifications = CatalogueTypes().Where(t => t.GetInterfaces().Contains(typeof(Mediator.INotification))).ToList();
        notifications.ShouldNotBeEmpty();
        using var scope = app.Services.CreateScope();
        foreach (var notification in notifications)
        {
            var declared = CatalogueTypes().Count(t => t.GetInterfaces().Contains(typeof(Mediator.INotificationHandler<>).MakeGenericType(notification)));
            var resolved = scope.ServiceProvider.GetServices(typeof(Mediator.INotificationHandler<>).MakeGenericType(notification)).Count();
            resolved.ShouldBe(declared, $"{notification.Name}: its Contracts assembly must be in the Mediator list");
        }
    }
}

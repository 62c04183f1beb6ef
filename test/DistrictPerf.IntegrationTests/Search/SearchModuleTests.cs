using DistrictPerf.Modules.Search;
using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.SharedKernel.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>Configuration picks the backend: Lucene by default, Elasticsearch when asked (with its URL).</summary>
public sealed class SearchModuleTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, string folder)
    {
        var services = new ServiceCollection().AddLogging();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).AddInMemoryCollection([new("Jobs:Web", "false")]).Build();
        new SearchModule().AddServices(new ModuleServices(services, configuration, null!, typeof(Microsoft.EntityFrameworkCore.DbContext), folder));
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Lucene_IsTheDefault_InTheDataFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"districtperf-searchmodule-{Guid.NewGuid():N}");
        try
        {
            using (var services = Build([], folder))
            {
                services.GetRequiredService<ISearchBackend>().ShouldBeOfType<LuceneSearchBackend>();
            }

            Directory.Exists(Path.Combine(folder, "search-index")).ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Elasticsearch_IsUsed_WhenConfigured_AndRequiresAUrl()
    {
        using (var services = Build(new() { ["Search:Provider"] = "Elasticsearch", ["Search:Elasticsearch:Url"] = "http://127.0.0.1:9200", ["Search:Elasticsearch:Analyzer"] = "standard" }, Path.GetTempPath()))
        {
            services.GetRequiredService<ISearchBackend>().ShouldBeOfType<ElasticsearchSearchBackend>();
            // Readiness looks at the index.
            var registration = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>()
                .Value.Registrations.ShouldHaveSingleItem();
            registration.Name.ShouldBe("search");
            registration.Tags.ShouldContain("ready");
        }

        Should.Throw<InvalidOperationException>(() => Build(new() { ["Search:Provider"] = "Elasticsearch" }, Path.GetTempPath()))
            .Message.ShouldContain("Search:Elasticsearch:Url");
    }
}

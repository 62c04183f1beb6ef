using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.Modules.Search.Features;
using DistrictPerf.Modules.Search.Indexing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using DistrictPerf.SharedKernel.Modules;

namespace DistrictPerf.Modules.Search;

/// <summary>Search module: full-text search of the reports (Lucene.Net embedded by default, Elasticsearch by configuration).</summary>
public sealed class SearchModule : IModule
{
    public string Name => "Search";

    public IReadOnlyCollection<string> Permissions => [SharedKernel.Authorization.Permissions.HostSearchManage];

    /// <summary>
    /// The Lucene index lives under the data folder (a relative <c>Search:LucenePath</c>); the index is
    /// caught up at start-up on web replicas only (<c>Jobs:Web</c>; a worker-only replica never opens it).
    /// </summary>
    public void AddServices(ModuleServices module)
    {
        var (services, configuration, dataDirectory) = (module.Services, module.Configuration, module.DataDirectory);
        var warmUp = configuration.GetValue("Jobs:Web", true);
        var options = configuration.GetSection(SearchOptions.Section).Get<SearchOptions>() ?? new SearchOptions();
        services.AddSingleton(options);
        switch (options.Provider)
        {
            case SearchProvider.Lucene:
                var path = Path.GetFullPath(Path.Combine(dataDirectory, options.LucenePath));
                services.AddSingleton<ISearchBackend>(_ => new LuceneSearchBackend(path));
                break;
            case SearchProvider.Elasticsearch:
                if (string.IsNullOrWhiteSpace(options.Elasticsearch.Url))
                {
                    throw new InvalidOperationException("Search:Provider is Elasticsearch but Search:Elasticsearch:Url is empty.");
                }

                services.AddSingleton<ISearchBackend>(_ => new ElasticsearchSearchBackend(ElasticsearchSearchBackend.CreateClient(options.Elasticsearch), options.Elasticsearch));
                // Readiness says when the index cannot be used (the check's own status decides Degraded or Unhealthy).
                services.AddHealthChecks().AddCheck<ElasticsearchHealthCheck>("search", tags: ["ready"]);
                break;
            default:
                throw new InvalidOperationException($"Unknown Search:Provider '{options.Provider}'.");
        }

        services.AddSingleton<SearchIndexer>();
        if (warmUp)
        {
            services.AddHostedService<SearchIndexWarmup>();
        }

    }

    public IEnumerable<WarmUpRequest> WarmUpRequests(Guid bureau, int year) =>
        [new($"/api/host/search?q=%E9%A2%84%E7%AE%97%E6%89%A7%E8%A1%8C%E7%8E%87&year={year}", WarmUpCaller.Host), new("/api/bureau/search?q=%E7%BB%A9%E6%95%88")];

    public void MapEndpoints(ModuleEndpoints endpoints) => SearchEndpoints.Map(endpoints.Host, endpoints.Bureau);

    /// <summary>No tables of its own (the index lives in Lucene or Elasticsearch): nothing to scan for.</summary>
    public void ConfigureModel(Microsoft.EntityFrameworkCore.ModelBuilder builder)
    {
    }

    /// <summary>
    /// A search through the endpoint's own code (catch-up check, the analyser and its dictionary, highlight), over every
    /// bureau (the warm-up's bureau may be one without rows, unknown to the directory); nothing is returned to anybody.
    /// </summary>
    public async Task WarmUpAsync(IServiceProvider services, Guid bureau, int year, CancellationToken cancellationToken) =>
        await SearchEndpoints.RunAsync("预算执行率", year, includeSuperseded: false, page: 1, pageSize: 20, bureauId: null,
            services.GetRequiredService<SearchIndexer>(), services.GetRequiredService<ISearchBackend>(),
            services.GetRequiredService<Bureaus.Contracts.IBureauDirectory>(), cancellationToken);
}

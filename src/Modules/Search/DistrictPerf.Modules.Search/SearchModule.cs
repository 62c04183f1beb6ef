using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.Modules.Search.Features;
using DistrictPerf.Modules.Search.Indexing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictPerf.Modules.Search;

/// <summary>Search module: full-text search of the reports (Lucene.Net embedded by default, Elasticsearch by configuration).</summary>
public static class SearchModule
{
    /// <param name="dataDirectory">The application's data folder (absolute); a relative Lucene path is under it.</param>
    /// <param name="warmUp">Catch the index up at start-up (web replicas; a worker-only replica never opens the index).</param>
    public static IServiceCollection AddSearchModule(this IServiceCollection services, IConfiguration configuration, string dataDirectory, bool warmUp = true)
    {
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
                break;
            default:
                throw new InvalidOperationException($"Unknown Search:Provider '{options.Provider}'.");
        }

        services.AddSingleton<SearchIndexer>();
        if (warmUp)
        {
            services.AddHostedService<SearchIndexWarmup>();
        }

        return services;
    }

    public static void MapSearchEndpoints(IEndpointRouteBuilder host, IEndpointRouteBuilder bureau) => SearchEndpoints.Map(host, bureau);

    public static System.Reflection.Assembly Assembly => typeof(SearchModule).Assembly;
}

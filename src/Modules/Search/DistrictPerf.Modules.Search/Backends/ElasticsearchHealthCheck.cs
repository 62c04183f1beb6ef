using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DistrictPerf.Modules.Search.Backends;

/// <summary>
/// Readiness of the Elasticsearch backend: Healthy when the index exists or could be created; otherwise
/// <see cref="ElasticsearchOptions.ReadinessFailureStatus"/> (Degraded by default) with the reason, so that
/// searches failing with 500 no longer hide behind a green readiness.
/// </summary>
internal sealed class ElasticsearchHealthCheck(ISearchBackend backend, SearchOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (backend is not ElasticsearchSearchBackend elasticsearch)
        {
            return HealthCheckResult.Healthy("not Elasticsearch");
        }

        var problem = await elasticsearch.ProblemAsync(cancellationToken);
        return problem is null
            ? HealthCheckResult.Healthy($"Elasticsearch index '{options.Elasticsearch.Index}' is ready (analyzer {options.Elasticsearch.Analyzer})")
            : new HealthCheckResult(options.Elasticsearch.ReadinessFailureStatus, problem);
    }
}

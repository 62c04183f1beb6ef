using DistrictPerf.Modules.Search;
using DistrictPerf.Modules.Search.Backends;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>
/// Readiness of the Elasticsearch backend and index creation under a race, against the recording fake node:
/// a cluster without the configured analyzer, an unreachable cluster, an index created by another replica
/// between our look and our create.
/// </summary>
public sealed class ElasticsearchReadinessTests : IAsyncLifetime
{
    private const string Index = "districtperf-readiness-test";

    /// <summary>What Elasticsearch 9 answers to a mapping naming an analyzer it does not have (e.g. smartcn without the plugin).</summary>
    private static readonly string MissingAnalyzer = FakeElasticsearch.Error(
        "mapper_parsing_exception", "Failed to parse mapping: analyzer [smartcn] has not been configured in mappings", 400);

    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync(Index);

    public async Task DisposeAsync() => await _es.DisposeAsync();

    private (ElasticsearchSearchBackend Backend, ElasticsearchHealthCheck Check) New(string? analyzer = null, string? url = null,
        HealthStatus failure = HealthStatus.Degraded)
    {
        var options = new SearchOptions
        {
            Provider = SearchProvider.Elasticsearch,
            Elasticsearch = new ElasticsearchOptions { Url = url ?? _es.Url.ToString(), Index = Index, ReadinessFailureStatus = failure },
        };
        if (analyzer is not null)
        {
            options.Elasticsearch.Analyzer = analyzer;
        }

        var backend = new ElasticsearchSearchBackend(ElasticsearchSearchBackend.CreateClient(options.Elasticsearch), options.Elasticsearch);
        return (backend, new ElasticsearchHealthCheck(backend, options));
    }

    private static Task<HealthCheckResult> Check(ElasticsearchHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("search", check, null, ["ready"]) });

    [Fact]
    public void The_default_analyzer_is_the_built_in_cjk()
    {
        new ElasticsearchOptions().Analyzer.ShouldBe("cjk");
    }

    [Fact]
    public async Task A_stock_cluster_is_ready_and_the_missing_index_is_created_with_cjk()
    {
        var (backend, check) = New();
        using var _ = backend;

        var result = await Check(check);

        result.Status.ShouldBe(HealthStatus.Healthy, result.Description);
        var create = _es.Matching("PUT", $"/{Index}").ShouldHaveSingleItem();
        create.Json["mappings"]!["properties"]!["content"]!["analyzer"]!.GetValue<string>().ShouldBe("cjk");
    }

    [Fact]
    public async Task A_cluster_without_the_analyzer_makes_readiness_report_it_with_how_to_fix()
    {
        _es.Override = r => r.Method == "PUT" && r.Path == $"/{Index}" ? (400, MissingAnalyzer) : null;
        var (backend, check) = New(analyzer: "smartcn");
        using var _ = backend;

        var result = await Check(check);

        result.Status.ShouldBe(HealthStatus.Degraded);
        result.Description.ShouldNotBeNull();
        result.Description.ShouldContain(Index);
        result.Description.ShouldContain("analyzer [smartcn] has not been configured");
        result.Description.ShouldContain("analysis-smartcn");
        result.Description.ShouldContain("cjk");
    }

    [Fact]
    public async Task Unhealthy_can_be_chosen_for_an_unusable_backend()
    {
        _es.Override = r => r.Method == "PUT" && r.Path == $"/{Index}" ? (400, MissingAnalyzer) : null;
        var (backend, check) = New(analyzer: "smartcn", failure: HealthStatus.Unhealthy);
        using var _ = backend;

        (await Check(check)).Status.ShouldBe(HealthStatus.Unhealthy);
    }

    [Fact]
    public async Task An_unreachable_cluster_is_reported()
    {
        var (backend, check) = New(url: "http://127.0.0.1:1"); // nothing listens on port 1
        using var _ = backend;

        var result = await Check(check);

        result.Status.ShouldBe(HealthStatus.Degraded);
        result.Description!.ShouldContain($"Elasticsearch index '{Index}' is not usable");
    }

    [Fact]
    public async Task An_index_deleted_behind_the_apps_back_is_noticed_and_recreated()
    {
        var (backend, check) = New();
        using var _ = backend;
        (await Check(check)).Status.ShouldBe(HealthStatus.Healthy);

        _es.IndexExists = false; // deleted by someone else

        (await Check(check)).Status.ShouldBe(HealthStatus.Healthy);
        _es.Matching("PUT", $"/{Index}").Count.ShouldBe(2);
        _es.IndexExists.ShouldBeTrue();
    }

    [Fact]
    public async Task An_index_created_by_another_replica_between_our_look_and_our_create_is_used()
    {
        // Another replica (or a rebuild) creates the index right after our HEAD said 404: our PUT gets resource_already_exists_exception.
        _es.IndexExists = true;
        var heads = 0;
        _es.Override = r => r.Method == "HEAD" && Interlocked.Increment(ref heads) == 1 ? (404, null) : null;
        var (backend, _) = New();
        using var __ = backend;

        await backend.UpsertAsync(
        [
            new SearchDocument(Guid.NewGuid(), Guid.NewGuid(), "JYJ", "区教育局", 2024, 1, "Submitted", null, null,
                DateTime.UtcNow, "s1", [new SearchSection("basic", "基本情况", "预算执行率")]),
        ], default);

        var create = _es.Matching("PUT", $"/{Index}").ShouldHaveSingleItem();
        create.ShouldNotBeNull();
        _es.Matching("POST", $"/{Index}/_bulk").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Two_backends_racing_to_create_the_index_both_succeed()
    {
        // Both replicas look before either creates: both HEADs answer 404, one PUT wins, the other gets resource_already_exists_exception.
        var gate = new TaskCompletionSource();
        var heads = 0;
        _es.Override = r =>
        {
            if (r.Method == "HEAD" && Interlocked.Increment(ref heads) <= 2)
            {
                if (heads == 2)
                {
                    gate.TrySetResult();
                }

                gate.Task.Wait(TimeSpan.FromSeconds(10));
                return (404, null);
            }

            return null;
        };
        var (a, _) = New();
        var (b, _) = New();
        using var __ = a;
        using var ___ = b;

        await Task.WhenAll(a.GetWatermarkAsync(default), b.GetWatermarkAsync(default));

        _es.Matching("PUT", $"/{Index}").Count.ShouldBe(2);
        _es.IndexExists.ShouldBeTrue();
    }

    [Fact]
    public void A_ca_certificate_file_is_loaded_and_a_missing_one_is_refused_by_name()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=test-es-ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Path.GetTempPath(), $"districtperf-ca-{Guid.NewGuid():N}.crt");
        File.WriteAllText(path, ca.ExportCertificatePem());
        try
        {
            ElasticsearchSearchBackend.CreateClient(new ElasticsearchOptions { Url = "https://es.internal:9200", CaCertificatePath = path }).ShouldNotBeNull();
        }
        finally
        {
            File.Delete(path);
        }

        Should.Throw<InvalidOperationException>(() => ElasticsearchSearchBackend.CreateClient(
                new ElasticsearchOptions { Url = "https://es.internal:9200", CaCertificatePath = "/nonexistent/http_ca.crt" }))
            .Message.ShouldContain("Search:Elasticsearch:CaCertificatePath");
    }
}

namespace DistrictPerf.Modules.Search;

internal enum SearchProvider
{
    Lucene,
    Elasticsearch,
}

/// <summary>Configuration section <c>Search</c>.</summary>
internal sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>Lucene (embedded, default) or Elasticsearch.</summary>
    public SearchProvider Provider { get; set; } = SearchProvider.Lucene;

    /// <summary>Lucene index folder; relative paths are under the database data folder. Default: search-index.</summary>
    public string LucenePath { get; set; } = "search-index";

    public ElasticsearchOptions Elasticsearch { get; set; } = new();
}

/// <summary>Configuration section <c>Search:Elasticsearch</c>. Credentials come from configuration (environment, secrets), never the repository.</summary>
internal sealed class ElasticsearchOptions
{
    /// <summary>Cluster URL, e.g. https://es.internal:9200 (Elasticsearch 8 and 9 serve HTTPS by default).</summary>
    public string? Url { get; set; }

    /// <summary>Index name (created with its mapping on first use).</summary>
    public string Index { get; set; } = "districtperf-reports";

    /// <summary>
    /// Analyzer of the text fields. Default "cjk" (built in: overlapping two-character tokens, works on a stock
    /// cluster); "smartcn" (word segmentation) needs the analysis-smartcn plugin on every node; "standard" works
    /// anywhere (one character per token). Changing it needs an index rebuild.
    /// </summary>
    public string Analyzer { get; set; } = DefaultAnalyzer;

    public const string DefaultAnalyzer = "cjk";

    public string? ApiKey { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>SHA-256 fingerprint of the cluster's CA when it is self-signed.</summary>
    public string? CertificateFingerprint { get; set; }

    /// <summary>
    /// A PEM (or DER) file of the CA that signed the cluster's certificate (e.g. Elasticsearch's http_ca.crt mounted
    /// from a secret): the server certificate must chain to it. Alternative to <see cref="CertificateFingerprint"/>.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>
    /// What readiness (<c>/health/ready</c>) reports when the index cannot be used (cluster unreachable, index
    /// missing and not creatable, e.g. an analyzer the cluster lacks): Degraded (default: the rest of the
    /// application keeps serving, the reason is logged) or Unhealthy (the pod leaves the service).
    /// </summary>
    public Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus ReadinessFailureStatus { get; set; } =
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded;
}

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
    /// <summary>Cluster URL, e.g. https://es.internal:9200.</summary>
    public string? Url { get; set; }

    /// <summary>Index name (created with its mapping on first use).</summary>
    public string Index { get; set; } = "districtperf-reports";

    /// <summary>Analyzer for Chinese text: "smartcn" needs the analysis-smartcn plugin on the cluster; "standard" works anywhere (per character).</summary>
    public string Analyzer { get; set; } = "smartcn";

    public string? ApiKey { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>SHA-256 fingerprint of the cluster's CA when it is self-signed.</summary>
    public string? CertificateFingerprint { get; set; }
}

using System.Globalization;
using System.Text.Json.Serialization;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;

namespace DistrictPerf.Modules.Search.Backends;

/// <summary>
/// Elasticsearch index: one document per report id (kind "report") plus one meta document holding the
/// catch-up watermark (kind "meta"). Sections are a <c>nested</c> field so each hit carries highlighted
/// fragments per section (nested inner hits); a flat <c>content</c> field holds all section text so that
/// every query term must occur somewhere in the report (operator AND), not necessarily in one section.
/// </summary>
internal sealed class ElasticsearchSearchBackend : ISearchBackend, IDisposable
{
    internal const string KindReport = "report";
    internal const string KindMeta = "meta";
    internal const string WatermarkId = "meta-watermark";
    internal const string SupersededStatus = "Superseded";
    internal const string SectionsInnerHits = "sections";

    /// <summary>Sections with highlighted fragments per hit, and the fragment length in characters.</summary>
    internal const int FragmentSections = 3;
    internal const int FragmentSize = 150;

    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchOptions _options;
    private readonly SemaphoreSlim _indexLock = new(1, 1);
    private volatile bool _indexReady;

    public ElasticsearchSearchBackend(ElasticsearchClient client, ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Index))
        {
            throw new ArgumentException("Search:Elasticsearch:Index is empty.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Analyzer))
        {
            throw new ArgumentException("Search:Elasticsearch:Analyzer is empty.", nameof(options));
        }

        _client = client;
        _options = options;
    }

    /// <summary>A client for <paramref name="options"/>: URL, API key (preferred) or basic auth, CA fingerprint or CA certificate file.</summary>
    public static ElasticsearchClient CreateClient(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Url)
            || !Uri.TryCreate(options.Url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException("Search:Elasticsearch:Url must be an absolute http(s) URL (e.g. https://es.internal:9200).");
        }

        var settings = new ElasticsearchClientSettings(uri).DefaultIndex(options.Index);
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            settings = settings.Authentication(new ApiKey(options.ApiKey));
        }
        else if (!string.IsNullOrWhiteSpace(options.Username))
        {
            settings = settings.Authentication(new BasicAuthentication(options.Username, options.Password ?? string.Empty));
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateFingerprint))
        {
            settings = settings.CertificateFingerprint(options.CertificateFingerprint);
        }
        else if (!string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            if (!File.Exists(options.CaCertificatePath))
            {
                throw new InvalidOperationException($"Search:Elasticsearch:CaCertificatePath '{options.CaCertificatePath}' does not exist.");
            }

            var ca = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath);
            settings = settings.ServerCertificateValidationCallback(CertificateValidations.AuthorityIsRoot(ca));
        }

        return new ElasticsearchClient(settings);
    }

    public void Dispose() => _indexLock.Dispose();

    public async Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return;
        }

        await EnsureIndexAsync(cancellationToken);

        var operations = new BulkOperationsCollection();
        foreach (var document in documents)
        {
            var source = ReportSource.From(document);
            operations.Add(new BulkIndexOperation<ReportSource>(source) { Id = source.ReportId });
        }

        var request = new BulkRequest(_options.Index) { Operations = operations, Refresh = Refresh.WaitFor };
        var response = await _client.BulkAsync(request, cancellationToken);

        var failed = response.ItemsWithErrors.ToList();
        if (failed.Count > 0)
        {
            var details = string.Join("; ", failed.Take(5).Select(item =>
                $"{item.Id}: {item.Status} {item.Error?.Type} {item.Error?.Reason}".TrimEnd()));
            throw new InvalidOperationException(
                $"Elasticsearch bulk index into '{_options.Index}' failed for {failed.Count} of {documents.Count} document(s): {details}");
        }

        EnsureValid(response, "bulk index");
        if (response.Errors)
        {
            throw new InvalidOperationException($"Elasticsearch bulk index into '{_options.Index}' reported errors without failed items.");
        }
    }

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query.Text) || query.Take <= 0)
        {
            return new SearchResults(0, []);
        }

        await EnsureIndexAsync(cancellationToken);

        var request = BuildSearchRequest(query);
        var response = await _client.SearchAsync<ReportSource>(request, cancellationToken);
        EnsureValid(response, "search");

        var hits = new List<SearchHit>(response.Hits.Count);
        foreach (var hit in response.Hits)
        {
            if (hit.Source is { } source && source.Kind == KindReport)
            {
                hits.Add(ToHit(source, hit));
            }
        }

        return new SearchResults(response.Total, hits);
    }

    /// <summary>How many ids one <c>_mget</c> asks for.</summary>
    internal const int StampsPerRequest = 1_000;

    /// <summary>
    /// The stamps by <c>_mget</c> on the report ids, with only the <c>stamp</c> field of the source: real-time (it sees
    /// every indexed document, refreshed or not), no text sent back.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, string>> GetStampsAsync(IReadOnlyCollection<Guid> reportIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportIds);
        var stamps = new Dictionary<Guid, string>();
        if (reportIds.Count == 0)
        {
            return stamps;
        }

        await EnsureIndexAsync(cancellationToken);
        foreach (var chunk in reportIds.Distinct().Chunk(StampsPerRequest))
        {
            var request = new MultiGetRequest(_options.Index)
            {
                Ids = new Ids(chunk.Select(id => new Id(FormatId(id)))),
                SourceIncludes = new[] { FieldNames.Stamp },
            };
            var response = await _client.MultiGetAsync<StampSource>(request, cancellationToken);
            EnsureValid(response, "get stamps");
            foreach (var item in response.Docs)
            {
                var failure = item.Match<string?>(found =>
                {
                    if (found is { Found: true } && Guid.TryParse(found.Id, out var id))
                    {
                        stamps[id] = found.Source?.Stamp ?? "";
                    }

                    return null;
                }, error => $"{error?.Id}: {error?.Error?.Type} {error?.Error?.Reason}");
                if (failure is not null)
                {
                    throw new InvalidOperationException($"Elasticsearch get stamps on index '{_options.Index}' failed for {failure}");
                }
            }
        }

        return stamps;
    }

    public async Task<DateTime?> GetWatermarkAsync(CancellationToken cancellationToken)
    {
        await EnsureIndexAsync(cancellationToken);

        var response = await _client.GetAsync<MetaSource>(new GetRequest(_options.Index, WatermarkId), cancellationToken);
        if (response.Found)
        {
            var value = response.Source?.Watermark;
            return string.IsNullOrEmpty(value)
                ? null
                : DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        }

        if (response.ApiCallDetails.HttpStatusCode == 404)
        {
            return null;
        }

        EnsureValid(response, "get watermark");
        return null;
    }

    public async Task SetWatermarkAsync(DateTime watermark, CancellationToken cancellationToken)
    {
        await EnsureIndexAsync(cancellationToken);

        var source = new MetaSource { Kind = KindMeta, Watermark = watermark.ToString("O", CultureInfo.InvariantCulture) };
        var request = new IndexRequest<MetaSource>(source, _options.Index, WatermarkId) { Refresh = Refresh.WaitFor };
        var response = await _client.IndexAsync(request, cancellationToken);
        EnsureValid(response, "set watermark");
    }

    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        await _indexLock.WaitAsync(cancellationToken);
        try
        {
            _indexReady = false;
            var response = await _client.Indices.DeleteAsync(new DeleteIndexRequest(_options.Index), cancellationToken);
            if (response.ApiCallDetails.HttpStatusCode != 404)
            {
                EnsureValid(response, "delete index");
            }
        }
        finally
        {
            _indexLock.Release();
        }
    }

    /// <summary>
    /// For readiness: null when the index exists (or could be created now), else why the backend is unusable —
    /// the cluster does not answer, or it refuses the index (e.g. an analyzer it lacks). Looks at the cluster
    /// every time (a HEAD), so an index deleted behind the app's back is noticed and recreated.
    /// </summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        try
        {
            var exists = await _client.Indices.ExistsAsync(new Elastic.Clients.Elasticsearch.IndexManagement.ExistsRequest(_options.Index), cancellationToken);
            if (exists.Exists)
            {
                return null;
            }

            if (exists.ApiCallDetails.HttpStatusCode != 404)
            {
                EnsureValid(exists, "check index");
            }

            _indexReady = false;
            await EnsureIndexAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var hint = ex.Message.Contains("analyzer", StringComparison.OrdinalIgnoreCase)
                ? $" The analyzer '{_options.Analyzer}' is not available on the cluster: use the built-in 'cjk' (Search:Elasticsearch:Analyzer) or install its plugin (smartcn: bin/elasticsearch-plugin install analysis-smartcn on every node)."
                : string.Empty;
            return $"Elasticsearch index '{_options.Index}' is not usable: {ex.Message}{hint}";
        }
    }

    /// <summary>The search request for <paramref name="query"/> (exposed for tests).</summary>
    internal SearchRequest BuildSearchRequest(SearchQuery query)
    {
        var filter = new List<Query> { new TermQuery(FieldNames.Kind, KindReport) };
        if (query.BureauId is { } bureauId)
        {
            // The isolation boundary: a bureau's search only ever sees that bureau's documents.
            filter.Add(new TermQuery(FieldNames.BureauId, FormatId(bureauId)));
        }

        if (query.FiscalYear is { } fiscalYear)
        {
            filter.Add(new TermQuery(FieldNames.FiscalYear, fiscalYear));
        }

        var mustNot = new List<Query>();
        if (!query.IncludeSuperseded)
        {
            mustNot.Add(new TermQuery(FieldNames.Status, SupersededStatus));
        }

        // Every term somewhere in the report; the nested clause only adds per-section highlights
        // (inner hits) and score, it does not restrict the result set.
        var must = new List<Query>
        {
            new MatchQuery(FieldNames.Content, query.Text) { Operator = Operator.And },
        };
        var sectionHighlights = new NestedQuery(FieldNames.Sections, new MatchQuery(FieldNames.SectionText, query.Text))
        {
            ScoreMode = ChildScoreMode.Max,
            InnerHits = new InnerHits
            {
                Name = SectionsInnerHits,
                Size = FragmentSections,
                Source = new SourceConfig(false),
                Highlight = new Highlight
                {
                    PreTags = ["<em>"],
                    PostTags = ["</em>"],
                    Encoder = HighlighterEncoder.Html,
                    Fields =
                    [
                        new KeyValuePair<Field, HighlightField>(
                            FieldNames.SectionText,
                            new HighlightField { FragmentSize = FragmentSize, NumberOfFragments = 1 }),
                    ],
                },
            },
        };

        return new SearchRequest(_options.Index)
        {
            Query = new BoolQuery { Must = must, Should = [sectionHighlights], Filter = filter, MustNot = mustNot },
            From = Math.Max(0, query.Skip),
            Size = query.Take,
            // Section keys and titles come back (for the inner hits' offsets); the long texts do not.
            Source = new SourceConfig(new SourceFilter { Excludes = new[] { FieldNames.Content, FieldNames.SectionText } }),
        };
    }

    private static SearchHit ToHit(ReportSource source, Hit<ReportSource> hit)
    {
        var fragments = new List<SearchFragment>();
        if (hit.InnerHits is not null && hit.InnerHits.TryGetValue(SectionsInnerHits, out var inner))
        {
            foreach (var sectionHit in inner.Hits.Hits)
            {
                if (sectionHit.Highlight is null
                    || !sectionHit.Highlight.TryGetValue(FieldNames.SectionText, out var html)
                    || html.Count == 0)
                {
                    continue;
                }

                var offset = sectionHit.Nested?.Offset ?? -1;
                var section = offset >= 0 && offset < source.Sections.Count ? source.Sections[offset] : null;
                fragments.Add(new SearchFragment(section?.Key ?? string.Empty, section?.Title ?? string.Empty, string.Join(" … ", html)));
            }
        }

        return new SearchHit(
            Guid.Parse(source.ReportId), Guid.Parse(source.BureauId), source.BureauCode, source.BureauName,
            source.FiscalYear, source.Revision, source.Status, source.SelfScore, source.SelfGrade,
            hit.Score ?? 0d, fragments);
    }

    private async Task EnsureIndexAsync(CancellationToken cancellationToken)
    {
        if (_indexReady)
        {
            return;
        }

        await _indexLock.WaitAsync(cancellationToken);
        try
        {
            if (_indexReady)
            {
                return;
            }

            var exists = await _client.Indices.ExistsAsync(new Elastic.Clients.Elasticsearch.IndexManagement.ExistsRequest(_options.Index), cancellationToken);
            if (exists.Exists)
            {
                _indexReady = true;
                return;
            }

            if (exists.ApiCallDetails.HttpStatusCode != 404)
            {
                EnsureValid(exists, "check index");
            }

            var created = await _client.Indices.CreateAsync(BuildCreateIndexRequest(), cancellationToken);
            var alreadyThere = created.ElasticsearchServerError?.Error?.Type == "resource_already_exists_exception";
            if (!alreadyThere)
            {
                EnsureValid(created, "create index");
            }

            _indexReady = true;
        }
        finally
        {
            _indexLock.Release();
        }
    }

    /// <summary>The index with its explicit (strict) mapping (exposed for tests).</summary>
    internal CreateIndexRequest BuildCreateIndexRequest()
    {
        var analyzer = _options.Analyzer;
        return new CreateIndexRequest(_options.Index)
        {
            Mappings = new TypeMapping
            {
                Dynamic = DynamicMapping.Strict,
                Properties = new Properties
                {
                    { "kind", new KeywordProperty() },
                    { "reportId", new KeywordProperty() },
                    { "bureauId", new KeywordProperty() },
                    { "bureauCode", new KeywordProperty() },
                    {
                        "bureauName", new TextProperty
                        {
                            Analyzer = analyzer,
                            Fields = new Properties { { "keyword", new KeywordProperty { IgnoreAbove = 256 } } },
                        }
                    },
                    { "fiscalYear", new IntegerNumberProperty() },
                    { "revision", new IntegerNumberProperty() },
                    { "status", new KeywordProperty() },
                    { "selfScore", new ScaledFloatNumberProperty { ScalingFactor = 100 } },
                    { "selfGrade", new KeywordProperty() },
                    { "changedAt", new DateProperty() },
                    { "stamp", new KeywordProperty() },
                    { "content", new TextProperty { Analyzer = analyzer } },
                    {
                        "sections", new NestedProperty
                        {
                            Properties = new Properties
                            {
                                { "key", new KeywordProperty() },
                                { "title", new KeywordProperty() },
                                { "text", new TextProperty { Analyzer = analyzer } },
                            },
                        }
                    },
                    { "watermark", new KeywordProperty { Index = false } },
                },
            },
        };
    }

    private void EnsureValid(ElasticsearchResponse response, string operation)
    {
        if (response.IsValidResponse)
        {
            return;
        }

        var status = response.ApiCallDetails.HttpStatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no response";
        var error = response.ElasticsearchServerError?.Error;
        var reason = error is not null
            ? $"{error.Type}: {error.Reason}"
            : response.ApiCallDetails.OriginalException?.Message ?? "invalid response";
        throw new InvalidOperationException(
            $"Elasticsearch {operation} on index '{_options.Index}' failed ({status}): {reason}",
            response.ApiCallDetails.OriginalException);
    }

    private static string FormatId(Guid id) => id.ToString("D");

    private static class FieldNames
    {
        public const string Kind = "kind";
        public const string BureauId = "bureauId";
        public const string FiscalYear = "fiscalYear";
        public const string Status = "status";
        public const string Content = "content";
        public const string Sections = "sections";
        public const string SectionText = "sections.text";
        public const string Stamp = "stamp";
    }

    /// <summary>The stored report document (field names fixed here, not by the client's naming policy).</summary>
    internal sealed class ReportSource
    {
        [JsonPropertyName("kind")] public string Kind { get; set; } = KindReport;
        [JsonPropertyName("reportId")] public string ReportId { get; set; } = "";
        [JsonPropertyName("bureauId")] public string BureauId { get; set; } = "";
        [JsonPropertyName("bureauCode")] public string BureauCode { get; set; } = "";
        [JsonPropertyName("bureauName")] public string BureauName { get; set; } = "";
        [JsonPropertyName("fiscalYear")] public int FiscalYear { get; set; }
        [JsonPropertyName("revision")] public int Revision { get; set; }
        [JsonPropertyName("status")] public string Status { get; set; } = "";
        [JsonPropertyName("selfScore")] public decimal? SelfScore { get; set; }
        [JsonPropertyName("selfGrade")] public string? SelfGrade { get; set; }
        [JsonPropertyName("changedAt")] public DateTime ChangedAt { get; set; }
        [JsonPropertyName("stamp")] public string Stamp { get; set; } = "";
        [JsonPropertyName("content")] public string? Content { get; set; }
        [JsonPropertyName("sections")] public List<SectionSource> Sections { get; set; } = [];

        public static ReportSource From(SearchDocument document) => new()
        {
            ReportId = FormatId(document.ReportId),
            BureauId = FormatId(document.BureauId),
            BureauCode = document.BureauCode,
            BureauName = document.BureauName,
            FiscalYear = document.FiscalYear,
            Revision = document.Revision,
            Status = document.Status,
            SelfScore = document.SelfScore,
            SelfGrade = document.SelfGrade,
            ChangedAt = document.ChangedAt,
            Stamp = document.Stamp,
            Content = string.Join("\n", document.Sections.Select(s => s.Text)),
            Sections = document.Sections.Select(s => new SectionSource { Key = s.Key, Title = s.Title, Text = s.Text }).ToList(),
        };
    }

    internal sealed class SectionSource
    {
        [JsonPropertyName("key")] public string Key { get; set; } = "";
        [JsonPropertyName("title")] public string Title { get; set; } = "";

        [JsonPropertyName("text")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Text { get; set; }
    }

    /// <summary>A report document's stamp alone (the source filtered to it).</summary>
    internal sealed class StampSource
    {
        [JsonPropertyName("stamp")] public string? Stamp { get; set; }
    }

    internal sealed class MetaSource
    {
        [JsonPropertyName("kind")] public string Kind { get; set; } = KindMeta;
        [JsonPropertyName("watermark")] public string? Watermark { get; set; }
    }
}

using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace DistrictPerf.Modules.Search.Backends;

/// <summary>
/// The embedded index: Lucene.Net on disk with the SmartCn analyzer (招商引资 stays one token;
/// 预算执行率 becomes 预算/执行/率). One writer per process (Lucene's lock file refuses a second
/// process on the same folder: use Elasticsearch for several replicas); searches read through a
/// <see cref="SearcherManager"/> refreshed after each commit. The catch-up watermark is stored in
/// the commit's user data, so it is durable exactly when the documents are.
/// </summary>
internal sealed class LuceneSearchBackend : ISearchBackend, IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string WatermarkKey = "watermark";
    private const int FragmentChars = 90;

    private readonly LuceneDirectory _directory;
    private readonly Analyzer _analyzer = new SmartChineseAnalyzer(Version);
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly System.Threading.Lock _commit = new();

    public LuceneSearchBackend(string path)
    {
        System.IO.Directory.CreateDirectory(path);
        _directory = FSDirectory.Open(path);
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { OpenMode = OpenMode.CREATE_OR_APPEND });
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    /// <summary>The tokens SmartCn makes of <paramref name="text"/> (lower-cased, stop words and punctuation dropped).</summary>
    public IReadOnlyList<string> Tokens(string text)
    {
        var tokens = new List<string>();
        using var stream = _analyzer.GetTokenStream(Fields.Content, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }

    public Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken)
    {
        foreach (var document in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _writer.UpdateDocument(new Term(Fields.Id, Key(document.ReportId)), ToLucene(document));
        }

        Commit(null);
        return Task.CompletedTask;
    }

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var analysed = Tokens(query.Text);
        var tokens = analysed.Distinct().ToList();
        if (tokens.Count == 0)
        {
            return Task.FromResult(new SearchResults(0, []));
        }

        var match = new BooleanQuery();
        foreach (var token in tokens)
        {
            match.Add(new TermQuery(new Term(Fields.Content, token)), Occur.MUST);
        }

        if (tokens.Count > 1)
        {
            // The words side by side, as typed, rank first.
            var phrase = new PhraseQuery { Slop = 1, Boost = 2f };
            foreach (var token in analysed)
            {
                phrase.Add(new Term(Fields.Content, token));
            }

            match.Add(phrase, Occur.SHOULD);
        }

        var filtered = new BooleanQuery { { match, Occur.MUST } };
        if (query.BureauId is { } bureau)
        {
            // The isolation boundary: a bureau's search only ever sees its own documents.
            filtered.Add(Filter(new TermQuery(new Term(Fields.Bureau, Key(bureau)))), Occur.MUST);
        }

        if (query.FiscalYear is { } year)
        {
            filtered.Add(Filter(NumericRangeQuery.NewInt32Range(Fields.Year, year, year, true, true)), Occur.MUST);
        }

        if (!query.IncludeSuperseded)
        {
            filtered.Add(new TermQuery(new Term(Fields.Status, "Superseded")), Occur.MUST_NOT);
        }

        var searcher = _searchers.Acquire();
        try
        {
            var top = searcher.Search(filtered, query.Skip + query.Take);
            var hits = top.ScoreDocs.Skip(query.Skip)
                .Select(d => ToHit(searcher.Doc(d.Doc), d.Score, tokens))
                .ToList();
            return Task.FromResult(new SearchResults(top.TotalHits, hits));
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public Task<DateTime?> GetWatermarkAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_writer.CommitData.TryGetValue(WatermarkKey, out var ticks) && long.TryParse(ticks, CultureInfo.InvariantCulture, out var t)
            ? new DateTime(t, DateTimeKind.Utc)
            : (DateTime?)null);

    public Task SetWatermarkAsync(DateTime watermark, CancellationToken cancellationToken)
    {
        Commit(watermark);
        return Task.CompletedTask;
    }

    public Task ClearAsync(CancellationToken cancellationToken)
    {
        lock (_commit)
        {
            _writer.DeleteAll();
            _writer.SetCommitData(new Dictionary<string, string>());
            _writer.Commit();
        }

        _searchers.MaybeRefreshBlocking();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    private void Commit(DateTime? watermark)
    {
        lock (_commit)
        {
            var data = new Dictionary<string, string>(_writer.CommitData);
            if (watermark is { } w)
            {
                data[WatermarkKey] = w.Ticks.ToString(CultureInfo.InvariantCulture);
            }

            _writer.SetCommitData(data);
            _writer.Commit();
        }

        _searchers.MaybeRefreshBlocking();
    }

    private static ConstantScoreQuery Filter(Query query) => new(query) { Boost = 0f };

    private static string Key(Guid id) => id.ToString("N");

    private static Document ToLucene(SearchDocument d)
    {
        var document = new Document
        {
            new StringField(Fields.Id, Key(d.ReportId), Field.Store.YES),
            new StringField(Fields.Bureau, Key(d.BureauId), Field.Store.YES),
            new StoredField(Fields.BureauCode, d.BureauCode),
            new StoredField(Fields.BureauName, d.BureauName),
            new Int32Field(Fields.Year, d.FiscalYear, Field.Store.YES),
            new StoredField(Fields.Revision, d.Revision),
            new StringField(Fields.Status, d.Status, Field.Store.YES),
            new StoredField(Fields.Changed, d.ChangedAt.Ticks),
            new StoredField(Fields.Stamp, d.Stamp),
            new TextField(Fields.Content, d.BureauName, Field.Store.NO),
        };
        if (d.SelfScore is { } score)
        {
            document.Add(new StoredField(Fields.SelfScore, score.ToString(CultureInfo.InvariantCulture)));
        }

        if (d.SelfGrade is { } grade)
        {
            document.Add(new StoredField(Fields.SelfGrade, grade));
        }

        foreach (var section in d.Sections)
        {
            document.Add(new StoredField(Fields.SectionKeys, section.Key));
            document.Add(new StoredField(Fields.SectionTitle + section.Key, section.Title));
            document.Add(new StoredField(Fields.SectionText + section.Key, section.Text));
            document.Add(new TextField(Fields.Content, section.Text, Field.Store.NO));
        }

        return document;
    }

    /// <summary>
    /// Highlighting re-analyses text, and SmartCn analyses about 2–3 MB/s: a whole 25 KB report
    /// per hit would cost ~10 ms. So each section is first scanned (ordinal search) for the query's
    /// words, and only windows around the first matches are analysed; a section without the words
    /// gets no fragment. When no section shows a word verbatim (the analyzer normalised it, e.g.
    /// full-width letters), the sections are analysed whole.
    /// </summary>
    private SearchHit ToHit(Document d, float score, IReadOnlyList<string> tokens)
    {
        var highlight = new BooleanQuery();
        foreach (var token in tokens)
        {
            highlight.Add(new TermQuery(new Term(Fields.Content, token)), Occur.SHOULD);
        }

        var highlighter = new Highlighter(new SimpleHTMLFormatter("<em>", "</em>"), ChineseHtmlEncoder.Instance, new QueryScorer(highlight, Fields.Content))
        {
            TextFragmenter = new SimpleFragmenter(FragmentChars),
        };
        var sections = d.GetValues(Fields.SectionKeys).Select(key => (Key: key, Title: d.Get(Fields.SectionTitle + key) ?? key, Text: d.Get(Fields.SectionText + key) ?? "")).ToList();
        var fragments = new List<SearchFragment>();
        foreach (var (key, title, text) in sections)
        {
            var pieces = Windows(text, tokens)
                .Select(w => (w, Best: Highlight(highlighter, text[w.Start..w.End])))
                .Where(p => p.Best is not null)
                .Select(p => (p.w.Start > 0 ? "…" : "") + p.Best!.Trim() + (p.w.End < text.Length ? "…" : ""))
                .ToList();
            if (pieces.Count > 0)
            {
                fragments.Add(new SearchFragment(key, title, string.Join(" ", pieces)));
            }
        }

        if (fragments.Count == 0)
        {
            foreach (var (key, title, text) in sections)
            {
                highlighter.MaxDocCharsToAnalyze = text.Length;
                var best = highlighter.GetBestFragments(_analyzer, Fields.Content, text, 2);
                if (best.Length > 0)
                {
                    fragments.Add(new SearchFragment(key, title, string.Join(" … ", best.Select(f => f.Trim()))));
                }
            }
        }

        return new SearchHit(
            Guid.ParseExact(d.Get(Fields.Id), "N"),
            Guid.ParseExact(d.Get(Fields.Bureau), "N"),
            d.Get(Fields.BureauCode) ?? "",
            d.Get(Fields.BureauName) ?? "",
            d.GetField(Fields.Year).GetInt32Value() ?? 0,
            d.GetField(Fields.Revision).GetInt32Value() ?? 1,
            d.Get(Fields.Status) ?? "",
            d.Get(Fields.SelfScore) is { } s ? decimal.Parse(s, CultureInfo.InvariantCulture) : null,
            d.Get(Fields.SelfGrade),
            score,
            fragments);
    }

    private string? Highlight(Highlighter highlighter, string window)
    {
        highlighter.MaxDocCharsToAnalyze = window.Length;
        return highlighter.GetBestFragment(_analyzer, Fields.Content, window);
    }

    /// <summary>Up to two non-overlapping windows of text around the first verbatim occurrences of the words.</summary>
    private static List<(int Start, int End)> Windows(string text, IReadOnlyList<string> tokens)
    {
        var hits = new List<int>();
        foreach (var token in tokens)
        {
            var at = text.IndexOf(token, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                hits.Add(at);
            }
        }

        var windows = new List<(int Start, int End)>();
        foreach (var at in hits.Order())
        {
            var start = Math.Max(0, at - FragmentChars);
            var end = Math.Min(text.Length, at + FragmentChars);
            if (windows.Count > 0 && start <= windows[^1].End)
            {
                windows[^1] = (windows[^1].Start, Math.Max(end, windows[^1].End));
            }
            else if (windows.Count < 2)
            {
                windows.Add((start, end));
            }
        }

        return windows;
    }

    /// <summary>HTML-encodes markup characters but leaves Chinese as it is (Lucene's SimpleHTMLEncoder turns every non-ASCII character into an entity).</summary>
    private sealed class ChineseHtmlEncoder : IEncoder
    {
        public static readonly ChineseHtmlEncoder Instance = new();
        private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

        public string EncodeText(string originalText) => Html.Encode(originalText);
    }

    private static class Fields
    {
        public const string Id = "id";
        public const string Bureau = "bureau";
        public const string BureauCode = "bureauCode";
        public const string BureauName = "bureauName";
        public const string Year = "year";
        public const string Revision = "revision";
        public const string Status = "status";
        public const string Changed = "changed";
        public const string Stamp = "stamp";
        public const string SelfScore = "selfScore";
        public const string SelfGrade = "selfGrade";
        public const string Content = "content";
        public const string SectionKeys = "sectionKey";
        public const string SectionTitle = "sectionTitle.";
        public const string SectionText = "sectionText.";
    }
}

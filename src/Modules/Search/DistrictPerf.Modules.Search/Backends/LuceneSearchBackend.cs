using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
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
/// <para>
/// Indexing analyses on every core: <see cref="UpsertAsync"/> hands the documents to one worker per core, each
/// calling the (thread-safe) <see cref="IndexWriter.UpdateDocument(Term, IEnumerable{IIndexableField})"/>, which
/// analyses on the calling thread into its own in-memory segment. Highlighting never re-analyses: the content field
/// records each word's character offsets in its postings, so a hit's fragments come from the offsets of the query's
/// words (see <see cref="Highlights"/>).
/// </para>
/// <para>
/// The index's layout has a version (<see cref="Format"/>, in the commit's user data). An index written by an older
/// version (no offsets) is emptied when it is opened, without a watermark, so the start-up catch-up rebuilds it.
/// </para>
/// </summary>
internal sealed class LuceneSearchBackend : ISearchBackend, IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string WatermarkKey = "watermark";
    private const string FormatKey = "format";

    /// <summary>The index layout: 2 = one content value with offsets in its postings, section starts stored.</summary>
    public const string Format = "2";

    private const int FragmentChars = 90;

    /// <summary>Characters of context kept before a fragment's first word (less when a sentence starts closer).</summary>
    private const int Lead = 24;

    /// <summary>The content field: analysed, not stored, word offsets in the postings (highlighting reads them).</summary>
    private static readonly FieldType ContentType = Freeze(new FieldType(TextField.TYPE_NOT_STORED)
    {
        IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS,
    });

    private readonly LuceneDirectory _directory;
    private readonly Analyzer _analyzer = new SmartChineseAnalyzer(Version);
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly System.Threading.Lock _commit = new();

    /// <summary>
    /// The stamps of committed documents this process knows: those it committed (this process is the folder's only
    /// writer — Lucene's write lock) and those it looked up; emptied with the index. So the catch-up check before each
    /// search answers from memory (about 100 bytes a report) instead of a term lookup per segment. An entry can only
    /// fall behind the index (a lookup racing a commit), which costs the catch-up one needless rewrite, never a missed
    /// report: it never names a version the index does not hold or has not held.
    /// </summary>
    private readonly Dictionary<Guid, string> _known = [];

    /// <summary>The documents added since the last commit, with their stamps (they become <see cref="_known"/> when committed).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, string> _uncommitted = new();

    public LuceneSearchBackend(string path)
    {
        System.IO.Directory.CreateDirectory(path);
        _directory = FSDirectory.Open(path);
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            // Fewer, larger in-memory segments: fewer flushes and merges competing with analysis for the cores.
            RAMBufferSizeMB = 64,
        });
        if (!_writer.CommitData.TryGetValue(FormatKey, out var format) || format != Format)
        {
            // Empty, or written by an older version: start over (no watermark, so the next catch-up indexes everything).
            ReplacedOlderIndex = _writer.NumDocs > 0 || _writer.CommitData.ContainsKey(WatermarkKey);
            _writer.DeleteAll();
            _writer.SetCommitData(new Dictionary<string, string> { [FormatKey] = Format });
            _writer.Commit();
        }

        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    /// <summary>True when the folder held an index of an older layout, emptied on opening (the catch-up rebuilds it).</summary>
    public bool ReplacedOlderIndex { get; }

    /// <summary>How many workers analyse documents at once: one per core.</summary>
    public int IndexingThreads { get; init; } = Environment.ProcessorCount;

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

    public async Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken)
    {
        await AddAsync(documents, null, cancellationToken);
        Commit(null);
    }

    /// <summary>The documents and the watermark in one commit; <paramref name="indexed"/> follows each document.</summary>
    public async Task UpsertAsync(IReadOnlyList<SearchDocument> documents, DateTime? watermark, Action<int>? indexed, CancellationToken cancellationToken)
    {
        var done = 0;
        await AddAsync(documents, indexed is null ? null : _ => indexed(Interlocked.Increment(ref done)), cancellationToken);
        Commit(watermark);
    }

    /// <summary>
    /// Adds or replaces the documents, analysing them on <see cref="IndexingThreads"/> workers, without committing;
    /// <paramref name="added"/> is called (from the workers) after each document. Cancellation stops the workers
    /// between documents: what was added stays in the writer and is committed with the next commit.
    /// </summary>
    public Task AddAsync(IReadOnlyList<SearchDocument> documents, Action<SearchDocument>? added, CancellationToken cancellationToken)
    {
        if (documents.Count <= 1 || IndexingThreads <= 1)
        {
            foreach (var document in documents)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _writer.UpdateDocument(new Term(Fields.Id, Key(document.ReportId)), ToLucene(document));
                _uncommitted[document.ReportId] = document.Stamp;
                added?.Invoke(document);
            }

            return Task.CompletedTask;
        }

        // Long-running workers taking the next document in turn (reports differ in length, so no fixed partitions).
        var next = -1;
        var workers = new Task[Math.Min(IndexingThreads, documents.Count)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Factory.StartNew(() =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < documents.Count)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var document = documents[i];
                    _writer.UpdateDocument(new Term(Fields.Id, Key(document.ReportId)), ToLucene(document));
                    _uncommitted[document.ReportId] = document.Stamp;
                    added?.Invoke(document);
                }
            }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        return Task.WhenAll(workers);
    }

    /// <summary>
    /// Commits what was added (and the watermark when given), and makes it searchable. The stamps of the documents added
    /// before the commit began become known (<see cref="GetStampsAsync"/> answers them from memory).
    /// </summary>
    public void Commit(DateTime? watermark)
    {
        lock (_commit)
        {
            // Taken before the commit: every document listed here was added before it, so it is in it. One added while
            // committing stays listed for the next commit (and, until then, is looked up in the index).
            var committing = _uncommitted.ToArray();
            var data = new Dictionary<string, string>(_writer.CommitData) { [FormatKey] = Format };
            if (watermark is { } w)
            {
                data[WatermarkKey] = w.Ticks.ToString(CultureInfo.InvariantCulture);
            }

            _writer.SetCommitData(data);
            _writer.Commit();
            lock (_known)
            {
                foreach (var added in committing)
                {
                    _known[added.Key] = added.Value;
                    _uncommitted.TryRemove(added);
                }
            }
        }

        _searchers.MaybeRefreshBlocking();
    }

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var analysed = Tokens(query.Text);
        var tokens = analysed.Distinct().ToList();
        if (tokens.Count == 0)
        {
            return Task.FromResult(new SearchResults(0, []));
        }

        // Every word must occur; among those, the words side by side, as typed, rank first (a sloppy phrase, slop 1).
        var words = new BooleanQuery();
        foreach (var token in tokens)
        {
            words.Add(new TermQuery(new Term(Fields.Content, token)), Occur.MUST);
        }

        var match = words;
        if (tokens.Count > 1)
        {
            var phrase = new PhraseQuery { Slop = 1, Boost = 2f };
            foreach (var token in analysed)
            {
                phrase.Add(new Term(Fields.Content, token));
            }

            match = new BooleanQuery { { words, Occur.MUST }, { phrase, Occur.SHOULD } };
        }

        var searcher = _searchers.Acquire();
        try
        {
            var wanted = query.Skip + query.Take;
            var ranked = Filtered(match, query);
            var top = match == words || ExactRanking
                ? searcher.Search(ranked, wanted)
                : Rescored(searcher, Filtered(words, query), ranked, wanted);
            var page = top.ScoreDocs.Skip(query.Skip).ToArray();
            var matches = Highlights(searcher, page, tokens);
            var hits = new List<SearchHit>(page.Length);
            for (var i = 0; i < page.Length; i++)
            {
                hits.Add(ToHit(searcher, page[i], matches[i]));
            }

            return Task.FromResult(new SearchResults(top.TotalHits, hits));
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>How many of the best matches by their words alone a multi-word search scores with the phrase (see <see cref="Rescored"/>).</summary>
    public const int RescoreWindow = 1_000;

    /// <summary>Scores the phrase on every match instead of the best <see cref="RescoreWindow"/> (the benchmark compares the two).</summary>
    public bool ExactRanking { get; set; }

    /// <summary>The query with the bureau, year and status filters.</summary>
    private static BooleanQuery Filtered(Query match, SearchQuery query)
    {
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

        return filtered;
    }

    /// <summary>
    /// A multi-word search in two steps. Scoring the sloppy phrase reads the words' positions in every matching report —
    /// most of a multi-word search's time at 20,000 reports. So the matches are first ranked by their words alone (no
    /// positions), and only the best <see cref="RescoreWindow"/> get the full query's score (words and phrase, exactly
    /// as a one-step search scores them: the full query's scorer advanced to each). The total counts every match. The
    /// ranking differs from scoring the phrase everywhere only when a report outside the best 1,000 by its words would
    /// have reached the requested page with its phrase.
    /// </summary>
    private static TopDocs Rescored(IndexSearcher searcher, Query words, Query full, int wanted)
    {
        var first = searcher.Search(words, Math.Max(RescoreWindow, wanted));
        var candidates = first.ScoreDocs.OrderBy(d => d.Doc).ToArray();
        var weight = searcher.CreateNormalizedWeight(full);
        var leaves = searcher.IndexReader.Leaves;
        var (leaf, scorer) = (-1, (Scorer?)null);
        foreach (var candidate in candidates)
        {
            var l = ReaderUtil.SubIndex(candidate.Doc, leaves);
            if (l != leaf)
            {
                (leaf, scorer) = (l, weight.GetScorer(leaves[l], leaves[l].AtomicReader.LiveDocs));
            }

            var local = candidate.Doc - leaves[l].DocBase;
            candidate.Score = scorer is not null && (scorer.DocID < local ? scorer.Advance(local) : scorer.DocID) == local ? scorer.GetScore() : 0f;
        }

        var best = candidates.OrderByDescending(d => d.Score).ThenBy(d => d.Doc).Take(wanted).ToArray();
        return new TopDocs(first.TotalHits, best, best.Length > 0 ? best[0].Score : float.NaN);
    }

    /// <summary>
    /// From memory for the documents this process has committed or looked up before (see <see cref="_known"/>); the
    /// others are looked up in the index, and remembered: each id's term in each segment (deleted documents skipped: a
    /// replaced version is deleted when its successor is written), its stamp read from the stamp's doc values — a
    /// column, no stored field decompressed. A document written before the stamp had doc values (an index of the same
    /// layout from an earlier version) has an empty value there: its stamp is read from the stored fields instead.
    /// </summary>
    public Task<IReadOnlyDictionary<Guid, string>> GetStampsAsync(IReadOnlyCollection<Guid> reportIds, CancellationToken cancellationToken)
    {
        var stamps = new Dictionary<Guid, string>();
        var unknown = new List<Guid>();
        lock (_known)
        {
            foreach (var id in reportIds)
            {
                if (_known.TryGetValue(id, out var stamp))
                {
                    stamps[id] = stamp;
                }
                else if (!stamps.ContainsKey(id))
                {
                    unknown.Add(id);
                }
            }
        }

        if (unknown.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<Guid, string>>(stamps);
        }

        var found = LookUpStamps(unknown.Distinct().ToList(), cancellationToken);
        lock (_known)
        {
            foreach (var (id, stamp) in found)
            {
                stamps[id] = stamp;
                _known.TryAdd(id, stamp); // a commit since the lookup knows better
            }
        }

        return Task.FromResult<IReadOnlyDictionary<Guid, string>>(stamps);
    }

    /// <summary>The stamps the index holds for <paramref name="reportIds"/> (see <see cref="GetStampsAsync"/>).</summary>
    private Dictionary<Guid, string> LookUpStamps(List<Guid> reportIds, CancellationToken cancellationToken)
    {
        var stamps = new Dictionary<Guid, string>();
        var keys = reportIds.Select(id => (Id: id, Key: new BytesRef(Key(id)))).ToList();
        var searcher = _searchers.Acquire();
        try
        {
            var value = new BytesRef();
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var reader = leaf.AtomicReader;
                var terms = reader.GetTerms(Fields.Id)?.GetEnumerator();
                if (terms is null)
                {
                    continue;
                }

                var live = reader.LiveDocs;
                DocsEnum? docs = null;
                BinaryDocValues? values = null;
                foreach (var (id, key) in keys)
                {
                    if (!terms.SeekExact(key))
                    {
                        continue;
                    }

                    docs = terms.Docs(live, docs, DocsFlags.NONE);
                    var doc = docs.NextDoc();
                    if (doc == DocIdSetIterator.NO_MORE_DOCS)
                    {
                        continue;
                    }

                    values ??= reader.GetBinaryDocValues(Fields.Stamp) ?? EmptyStamps;
                    values.Get(doc, value);
                    stamps[id] = value.Length > 0
                        ? value.Utf8ToString()
                        : reader.Document(doc, StampOnly).Get(Fields.Stamp) ?? "";
                }
            }
        }
        finally
        {
            _searchers.Release(searcher);
        }

        return stamps;
    }

    private static readonly ISet<string> StampOnly = new HashSet<string> { Fields.Stamp };

    /// <summary>A segment without stamp doc values (written before they existed): every document's value is empty.</summary>
    private static readonly BinaryDocValues EmptyStamps = DocValues.EMPTY_BINARY;

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
            _writer.SetCommitData(new Dictionary<string, string> { [FormatKey] = Format });
            _writer.Commit();
            _uncommitted.Clear();
            lock (_known)
            {
                _known.Clear();
            }
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

    private static FieldType Freeze(FieldType type)
    {
        type.Freeze();
        return type;
    }

    private static ConstantScoreQuery Filter(Query query) => new(query) { Boost = 0f };

    private static string Key(Guid id) => id.ToString("N");

    /// <summary>
    /// The stored fields come first and the section texts last, so a hit's reader can skip the texts of sections
    /// without a match. The content is one value — the bureau name and the sections, each on its own line — so a
    /// word's offset in it falls in the section starting at the stored <see cref="Fields.SectionStart"/>.
    /// </summary>
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
            // The same stamp as a doc value (a column read without the stored fields): the catch-up's check.
            new BinaryDocValuesField(Fields.Stamp, new BytesRef(d.Stamp)),
        };
        if (d.SelfScore is { } score)
        {
            document.Add(new StoredField(Fields.SelfScore, score.ToString(CultureInfo.InvariantCulture)));
        }

        if (d.SelfGrade is { } grade)
        {
            document.Add(new StoredField(Fields.SelfGrade, grade));
        }

        var content = new System.Text.StringBuilder(d.BureauName.Length + d.Sections.Sum(s => s.Text.Length + 1));
        content.Append(d.BureauName);
        foreach (var section in d.Sections)
        {
            // A line break ends SmartCn's sentence, so the words are those of the section alone.
            content.Append('\n');
            document.Add(new StoredField(Fields.SectionKeys, section.Key));
            document.Add(new StoredField(Fields.SectionTitle + section.Key, section.Title));
            document.Add(new StoredField(Fields.SectionStart, content.Length));
            content.Append(section.Text);
        }

        foreach (var section in d.Sections)
        {
            document.Add(new StoredField(Fields.SectionText + section.Key, section.Text));
        }

        document.Add(new Field(Fields.Content, content.ToString(), ContentType));
        return document;
    }

    /// <summary>A query word found in a hit: its character offsets (in the content, or in a section's text) and which word it is.</summary>
    private readonly record struct Match(int Start, int End, int Word);

    /// <summary>
    /// The offsets of the query's words in each hit, read from the content's postings (recorded at indexing, so no text
    /// is analysed again): one positions enumerator per word and segment, the hits visited in document order so each
    /// enumerator only moves forward.
    /// </summary>
    private static List<Match>[] Highlights(IndexSearcher searcher, ScoreDoc[] hits, List<string> tokens)
    {
        var result = new List<Match>[hits.Length];
        var order = new int[hits.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => hits[a].Doc.CompareTo(hits[b].Doc));
        var leaves = searcher.IndexReader.Leaves;
        var leaf = -1;
        var enums = new DocsAndPositionsEnum?[tokens.Count];
        foreach (var i in order)
        {
            var doc = hits[i].Doc;
            var l = ReaderUtil.SubIndex(doc, leaves);
            if (l != leaf)
            {
                leaf = l;
                for (var t = 0; t < tokens.Count; t++)
                {
                    enums[t] = leaves[l].AtomicReader.GetTermPositionsEnum(new Term(Fields.Content, tokens[t]));
                }
            }

            var local = doc - leaves[l].DocBase;
            var matches = new List<Match>();
            for (var t = 0; t < enums.Length; t++)
            {
                var positions = enums[t];
                if (positions is null || (positions.DocID < local ? positions.Advance(local) : positions.DocID) != local)
                {
                    continue;
                }

                for (var k = positions.Freq; k > 0; k--)
                {
                    positions.NextPosition();
                    if (positions.StartOffset >= 0)
                    {
                        matches.Add(new Match(positions.StartOffset, positions.EndOffset, t));
                    }
                }
            }

            matches.Sort((a, b) => a.Start.CompareTo(b.Start));
            result[i] = matches;
        }

        return result;
    }

    /// <summary>A hit's stored fields, without the texts of sections that hold none of the query's words.</summary>
    private static SearchHit ToHit(IndexSearcher searcher, ScoreDoc hit, List<Match> matches)
    {
        var fields = new HitFields(matches);
        searcher.Doc(hit.Doc, fields);
        var fragments = new List<SearchFragment>();
        foreach (var section in fields.Sections)
        {
            if (section.Text is { } text && Fragments(text, matches, section.Start) is { Length: > 0 } html)
            {
                fragments.Add(new SearchFragment(section.Key, section.Title ?? section.Key, html));
            }
        }

        return new SearchHit(
            Guid.ParseExact(fields.Get(Fields.Id), "N"),
            Guid.ParseExact(fields.Get(Fields.Bureau), "N"),
            fields.Get(Fields.BureauCode),
            fields.Get(Fields.BureauName),
            fields.Year,
            fields.Revision,
            fields.Get(Fields.Status),
            fields.Strings.TryGetValue(Fields.SelfScore, out var s) ? decimal.Parse(s, CultureInfo.InvariantCulture) : null,
            fields.Strings.GetValueOrDefault(Fields.SelfGrade),
            hit.Score,
            fragments);
    }

    /// <summary>
    /// Up to two fragments of a section, each about <see cref="FragmentChars"/> characters with the query's words in
    /// &lt;em&gt;: the first is the window holding the most different words (then the most occurrences; the earliest on
    /// a tie); a second is added when another window, apart from the first, holds a word the first lacks. A window starts
    /// a little before its first word, at a sentence's start when one is that close. Empty when the section has no word.
    /// </summary>
    private static string Fragments(string text, List<Match> all, int offset)
    {
        var local = new List<Match>();
        foreach (var m in all)
        {
            if (m.Start >= offset && m.End <= offset + text.Length)
            {
                local.Add(new Match(m.Start - offset, m.End - offset, m.Word));
                if (local.Count == 256)
                {
                    break; // enough to choose from
                }
            }
        }

        if (local.Count == 0)
        {
            return "";
        }

        var first = Best(text, local, null)!.Value;
        var second = Best(text, local, first);
        if (second is { } other && (other.Words & ~first.Words) == 0)
        {
            second = null;
        }

        var html = new System.Text.StringBuilder();
        using var writer = new StringWriter(html, CultureInfo.InvariantCulture);
        foreach (var window in second is { } two ? (first.Start < two.Start ? [first, two] : new[] { two, first }) : [first])
        {
            if (html.Length > 0)
            {
                html.Append(' ');
            }

            var (start, end) = (window.Start, window.End);
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            if (window.Start > 0)
            {
                html.Append('…');
            }

            var at = start;
            for (var i = 0; i < local.Count; i++)
            {
                var (from, to) = (local[i].Start, local[i].End);
                if (from < at || to > end)
                {
                    continue;
                }

                // Words side by side (冷链 物流) are one highlight.
                while (i + 1 < local.Count && local[i + 1].Start == to && local[i + 1].End <= end)
                {
                    to = local[++i].End;
                }

                Html.Encode(writer, text, at, from - at);
                writer.Flush();
                html.Append("<em>");
                Html.Encode(writer, text, from, to - from);
                writer.Flush();
                html.Append("</em>");
                at = to;
            }

            Html.Encode(writer, text, at, end - at);
            writer.Flush();
            if (window.End < text.Length)
            {
                html.Append('…');
            }
        }

        return html.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> SentenceEnds = System.Buffers.SearchValues.Create("。！？；!?;\n");

    private readonly record struct Window(int Start, int End, long Words, int Count);

    /// <summary>The best window starting before one of the matches (see <see cref="Fragments"/>), apart from <paramref name="taken"/>.</summary>
    private static Window? Best(string text, List<Match> matches, Window? taken)
    {
        Window? best = null;
        for (var i = 0; i < matches.Count; i++)
        {
            var first = matches[i];
            var start = Math.Max(0, first.Start - Lead);
            var sentence = text.AsSpan(start, first.Start - start).LastIndexOfAny(SentenceEnds);
            if (first.Start + FragmentChars - Lead > text.Length)
            {
                start = Math.Max(0, Math.Min(start, text.Length - FragmentChars)); // near the end: use the room before
            }
            else if (sentence >= 0)
            {
                start += sentence + 1;
            }

            if (start > 0 && char.IsLowSurrogate(text[start]))
            {
                start--;
            }

            var end = Math.Min(text.Length, Math.Max(start + FragmentChars, first.End));
            var (words, count) = (0L, 0);
            for (var j = i; j < matches.Count && matches[j].Start < end; j++)
            {
                if (matches[j].End > end)
                {
                    end = matches[j].End; // never cut a word
                }

                words |= 1L << Math.Min(matches[j].Word, 63);
                count++;
            }

            if (end < text.Length && char.IsLowSurrogate(text[end]))
            {
                end++;
            }

            if (taken is { } t && start < t.End && end > t.Start)
            {
                continue;
            }

            var candidate = new Window(start, end, words, count);
            if (best is not { } b || long.PopCount(words) > long.PopCount(b.Words) || (long.PopCount(words) == long.PopCount(b.Words) && count > b.Count))
            {
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>HTML-encodes markup characters but leaves Chinese as it is (an encoder allowing every Unicode range).</summary>
    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private sealed class HitSection(string key)
    {
        public string Key { get; } = key;
        public string? Title { get; set; }
        public int Start { get; set; } = -1;
        public string? Text { get; set; }
    }

    /// <summary>Reads a hit's stored fields in their stored order: the section keys, titles and starts come before the texts, so only the texts with a match are read.</summary>
    private sealed class HitFields(List<Match> matches) : StoredFieldVisitor
    {
        public Dictionary<string, string> Strings { get; } = [];
        public List<HitSection> Sections { get; } = [];
        public int Year { get; private set; }
        public int Revision { get; private set; } = 1;

        public string Get(string name) => Strings.GetValueOrDefault(name) ?? "";

        public override Status NeedsField(FieldInfo fieldInfo)
        {
            if (!fieldInfo.Name.StartsWith(Fields.SectionText, StringComparison.Ordinal))
            {
                return Status.YES;
            }

            var key = fieldInfo.Name[Fields.SectionText.Length..];
            var at = Sections.FindIndex(s => s.Key == key);
            if (at < 0)
            {
                return Status.NO;
            }

            var (start, end) = (Sections[at].Start, at + 1 < Sections.Count ? Sections[at + 1].Start : int.MaxValue);
            return matches.Exists(m => m.Start >= start && m.Start < end) ? Status.YES : Status.NO;
        }

        public override void StringField(FieldInfo fieldInfo, string value)
        {
            var name = fieldInfo.Name;
            if (name == Fields.SectionKeys)
            {
                Sections.Add(new HitSection(value));
            }
            else if (name.StartsWith(Fields.SectionTitle, StringComparison.Ordinal))
            {
                Section(name[Fields.SectionTitle.Length..])?.Title = value;
            }
            else if (name.StartsWith(Fields.SectionText, StringComparison.Ordinal))
            {
                Section(name[Fields.SectionText.Length..])?.Text = value;
            }
            else
            {
                Strings[name] = value;
            }
        }

        public override void Int32Field(FieldInfo fieldInfo, int value)
        {
            switch (fieldInfo.Name)
            {
                case Fields.Year:
                    Year = value;
                    break;
                case Fields.Revision:
                    Revision = value;
                    break;
                case Fields.SectionStart when Sections.Count > 0:
                    Sections[^1].Start = value;
                    break;
            }
        }

        private HitSection? Section(string key) => Sections.Find(s => s.Key == key);
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
        public const string SectionStart = "sectionStart";
    }
}

using DistrictPerf.Modules.Reports.Contracts;

namespace DistrictPerf.IntegrationTests.Search;

/// <summary>
/// The app's report source, counted: how many stamps and full documents (the texts) it returned, the largest answer
/// of documents, the pages asked for. <see cref="AfterStamps"/> runs once after the next stamps query (a test writes
/// a report there: a write that lands while the catch-up runs); <see cref="OnPage"/> changes the pages.
/// </summary>
internal sealed class SourceCounts
{
    private int _stamps;
    private int _documents;
    private int _largest;
    private int _pages;

    public int Stamps => _stamps;
    public int Documents => _documents;

    /// <summary>The most documents one call returned (a rebuild streaming pages of n never exceeds n).</summary>
    public int Largest => _largest;
    public int Pages => _pages;

    public Func<Task>? AfterStamps { get; set; }

    /// <summary>Changes each page before it is returned (a test makes a document look written while its page was read).</summary>
    public Func<ReportSearchPage, ReportSearchPage>? OnPage { get; set; }

    public void Reset()
    {
        _stamps = _documents = _largest = _pages = 0;
    }

    internal void Counted(IReadOnlyCollection<ReportSearchStamp> stamps) => Interlocked.Add(ref _stamps, stamps.Count);

    internal void Counted(IReadOnlyCollection<ReportSearchDocument> documents, bool page)
    {
        Interlocked.Add(ref _documents, documents.Count);
        if (page)
        {
            Interlocked.Increment(ref _pages);
        }

        int largest;
        while ((largest = _largest) < documents.Count && Interlocked.CompareExchange(ref _largest, documents.Count, largest) != largest)
        {
        }
    }
}

internal sealed class CountingReportSource(IReportSearchSource inner, SourceCounts counts) : IReportSearchSource
{
    public async Task<IReadOnlyList<ReportSearchStamp>> StampsChangedSinceAsync(DateTime sinceUtc, CancellationToken cancellationToken = default)
    {
        var stamps = await inner.StampsChangedSinceAsync(sinceUtc, cancellationToken);
        counts.Counted(stamps);
        if (counts.AfterStamps is { } after)
        {
            counts.AfterStamps = null;
            await after();
        }

        return stamps;
    }

    public async Task<IReadOnlyList<ReportSearchDocument>> GetAsync(IReadOnlyCollection<Guid> reportIds, CancellationToken cancellationToken = default)
    {
        var documents = await inner.GetAsync(reportIds, cancellationToken);
        counts.Counted(documents, page: false);
        return documents;
    }

    public async Task<ReportSearchPage> PageAsync(ReportSearchCursor? after, int size, CancellationToken cancellationToken = default)
    {
        var page = await inner.PageAsync(after, size, cancellationToken);
        counts.Counted(page.Documents, page: true);
        if (counts.OnPage is { } change)
        {
            page = change(page);
        }

        return page;
    }

    public Task<int> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);
}

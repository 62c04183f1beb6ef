using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Search.Backends;
using DistrictPerf.Modules.Search.Indexing;
using DistrictPerf.Modules.Search.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Domain;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Localization;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace DistrictPerf.Modules.Search.Features;

internal sealed record SearchFragmentDto(string Section, string Title, string Html);

internal sealed record SearchHitDto(
    Guid ReportId, Guid BureauId, string BureauCode, string BureauName, int FiscalYear, int Revision, string Status,
    decimal? SelfScore, string? SelfGrade, double Score, IReadOnlyList<SearchFragmentDto> Fragments);

internal sealed record SearchPageDto(string Query, long Total, int Page, int PageSize, IReadOnlyList<SearchHitDto> Hits);

/// <summary>
/// 全文检索: a bureau searches its own reports; the finance bureau searches every bureau's
/// (optionally one). Each search first catches the index up with the database.
/// </summary>
internal static class SearchEndpoints
{
    public const int MaxQueryLength = 100;
    public const int MaxPageSize = 50;

    public static void Map(IEndpointRouteBuilder host, IEndpointRouteBuilder bureau)
    {
        bureau.MapGet("/search", async (string? q, int? year, bool? includeSuperseded, int? page, int? pageSize,
                ICurrentTenant tenant, SearchIndexer indexer, ISearchBackend backend, IBureauDirectory bureaus, CancellationToken ct) =>
                TypedResults.Ok(await RunAsync(q, year, includeSuperseded, page, pageSize, tenant.Id ?? throw new ForbiddenException(SharedMessages.BureauContextMissing, ErrorCodes.BureauContextRequired), indexer, backend, bureaus, ct)))
            .RequireBureauContext()
            .RequirePermission(Permissions.ReportsView)
            .WithTags("Search（全文检索）")
            .WithName("SearchOwnReports")
            .WithSummary("检索本部门的自评报告 / Search this bureau's reports");

        host.MapGet("/search", async (string? q, int? year, Guid? bureauId, bool? includeSuperseded, int? page, int? pageSize,
                SearchIndexer indexer, ISearchBackend backend, IBureauDirectory bureaus, CancellationToken ct) =>
                TypedResults.Ok(await RunAsync(q, year, includeSuperseded, page, pageSize, bureauId, indexer, backend, bureaus, ct)))
            .RequirePermission(Permissions.HostReportsView)
            .WithTags("Search（全文检索）")
            .WithName("SearchAllReports")
            .WithSummary("检索全区各部门的自评报告 / Search every bureau's reports");

        // The rebuild runs in the background (202 with its status); its progress is read with GET. One at a time per
        // process: a second start while one runs is a 409. The status lives in this process's memory.
        host.MapPost("/search/rebuild", (SearchIndexer indexer, TimeProvider clock, IHostApplicationLifetime lifetime) =>
                indexer.TryStartRebuild(clock, lifetime.ApplicationStopping, out var status)
                    ? Results.Accepted("/api/host/search/rebuild", status)
                    : throw new ConflictException(SearchMessages.RebuildRunning(status.Indexed, status.Total), code: "conflict.search.rebuild_running"))
            .RequirePermission(Permissions.HostSearchManage)
            .WithTags("Search（全文检索）")
            .WithName("RebuildSearchIndex")
            .WithSummary("开始重建全文检索索引（后台进行）/ Start rebuilding the search index from the database (in the background)")
            .Produces<SearchRebuildStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // Cancel: stops the running rebuild after the documents being analysed and answers its final status (Cancelled;
        // the index keeps the reports indexed so far, the next catch-up indexes the rest). Without a running rebuild, the
        // last status as it is (so a cancel racing the rebuild's end is not an error).
        host.MapDelete("/search/rebuild", async (SearchIndexer indexer, CancellationToken ct) => TypedResults.Ok(await indexer.CancelRebuildAsync(ct)))
            .RequirePermission(Permissions.HostSearchManage)
            .WithTags("Search（全文检索）")
            .WithName("CancelSearchRebuild")
            .WithSummary("取消正在进行的检索索引重建 / Cancel the running search index rebuild (answers once it has stopped)");

        host.MapGet("/search/rebuild", (SearchIndexer indexer) => TypedResults.Ok(indexer.RebuildStatus))
            .RequirePermission(Permissions.HostSearchManage)
            .WithTags("Search（全文检索）")
            .WithName("GetSearchRebuildStatus")
            .WithSummary("检索索引重建进度（本进程）/ The search index rebuild's progress (this process)");
    }

    /// <summary>The search as both endpoints run it (internal: the search-latency benchmark calls it).</summary>
    internal static async Task<SearchPageDto> RunAsync(
        string? q, int? year, bool? includeSuperseded, int? page, int? pageSize, Guid? bureauId,
        SearchIndexer indexer, ISearchBackend backend, IBureauDirectory bureaus, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var text = q?.Trim() ?? "";
        if (text.Length == 0)
        {
            errors.Add("q", "search.query_required", SearchMessages.QueryRequired);
        }
        else if (text.Length > MaxQueryLength)
        {
            errors.Add("q", "search.query_too_long", SearchMessages.QueryTooLong(MaxQueryLength));
        }

        if (year is { } y && !FiscalYear.IsValid(y))
        {
            errors.Add("year", ErrorCodes.FiscalYearRange, FiscalYear.YearMessage);
        }

        if (page is < 1)
        {
            errors.Add("page", "page_range", SearchMessages.PageStartsAtOne);
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", "page_size_range", SearchMessages.PageSizeRange(MaxPageSize));
        }

        errors.ThrowIfAny();

        var size = pageSize ?? 20;
        var number = page ?? 1;
        if (bureauId is { } requested && await bureaus.FindAsync(requested, ct) is null)
        {
            throw new FieldValidationException("bureauId", SearchMessages.BureauUnknown, "search.bureau_unknown");
        }

        await indexer.CatchUpAsync(ct);
        var results = await backend.SearchAsync(new SearchQuery(text, bureauId, year, includeSuperseded ?? false, (number - 1) * size, size), ct);
        var names = (await bureaus.ListAsync(ct)).ToDictionary(b => b.Id);
        return new SearchPageDto(text, results.Total, number, size, results.Hits.Select(h =>
        {
            // Names as they are now (a bureau may have been renamed since it was indexed).
            var current = names.GetValueOrDefault(h.BureauId);
            return new SearchHitDto(h.ReportId, h.BureauId, current?.Code ?? h.BureauCode, current?.Name ?? h.BureauName, h.FiscalYear, h.Revision, h.Status,
                h.SelfScore, h.SelfGrade, h.Score, h.Fragments.Select(f => new SearchFragmentDto(f.SectionKey, f.SectionTitle, f.Html)).ToList());
        }).ToList());
    }
}

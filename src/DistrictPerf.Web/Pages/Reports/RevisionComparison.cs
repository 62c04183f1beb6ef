using System.Globalization;
using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using DistrictPerf.Web.Api;
using DistrictPerf.Web.Localization;

namespace DistrictPerf.Web.Pages.Reports;

/// <summary>A run of characters of one kind (unchanged, deleted, inserted) within a sentence.</summary>
public sealed record Segment(ChangeType Type, string Text);

/// <summary>A sentence on one side: unchanged, deleted or inserted whole, or modified (its segments say where).</summary>
public sealed record SentenceSide(ChangeType Type, IReadOnlyList<Segment> Segments)
{
    /// <summary>DiffPlex's piece as segments, runs of the same kind joined (one mark per changed word, not per character).</summary>
    public static SentenceSide? From(DiffPiece piece)
    {
        if (piece.Type == ChangeType.Imaginary)
        {
            return null;
        }

        if (piece.Type != ChangeType.Modified || piece.SubPieces.Count == 0)
        {
            return new SentenceSide(piece.Type, [new Segment(piece.Type, piece.Text ?? "")]);
        }

        var segments = new List<Segment>();
        foreach (var sub in piece.SubPieces.Where(p => p.Type != ChangeType.Imaginary))
        {
            if (segments.Count > 0 && segments[^1].Type == sub.Type)
            {
                segments[^1] = segments[^1] with { Text = segments[^1].Text + sub.Text };
            }
            else
            {
                segments.Add(new Segment(sub.Type, sub.Text ?? ""));
            }
        }

        return new SentenceSide(ChangeType.Modified, segments);
    }
}

/// <summary>One row of a section's side-by-side comparison: a sentence on each side (either may be absent), or a run of unchanged sentences folded away.</summary>
public sealed record SentenceRow(SentenceSide? Old, SentenceSide? New, int Folded = 0)
{
    public bool Changed => Folded == 0 && (Old?.Type ?? ChangeType.Imaginary) != ChangeType.Unchanged;
}

/// <summary>A section of the narrative as changed between two revisions (<see cref="Rows"/> empty when unchanged).</summary>
public sealed record SectionChange(string Key, string Title, IReadOnlyList<SentenceRow> Rows)
{
    public int Changes => Rows.Count(r => r.Changed);
}

/// <summary>An item shown before and after (a score, a grade, an indicator's target …).</summary>
public sealed record ValueChange(string Item, string Before, string After)
{
    public bool Changed => Before != After;
}

public enum IndicatorChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>An indicator added, removed or changed (with the values that changed).</summary>
public sealed record IndicatorChange(int Task, string Name, IndicatorChangeKind Kind, IReadOnlyList<ValueChange> Values);

/// <summary>
/// What changed between two revisions of a report: the narrative sentence by sentence (DiffPlex, sentences as its
/// lines and characters within a changed sentence, as Chinese has no spaces between words), the scores and grades,
/// and the indicators (matched by id, else by task and name).
/// </summary>
public sealed class RevisionComparison
{
    /// <summary>Unchanged sentences kept on each side of a change, for context.</summary>
    private const int Context = 1;

    private static readonly CustomFunctionChunker SentenceChunker = new(Sentences);

    private RevisionComparison(IReadOnlyList<SectionChange> sections, IReadOnlyList<ValueChange> scores, IReadOnlyList<IndicatorChange> indicators)
    {
        Sections = sections;
        Scores = scores;
        Indicators = indicators;
    }

    public IReadOnlyList<SectionChange> Sections { get; }

    public IReadOnlyList<ValueChange> Scores { get; }

    public IReadOnlyList<IndicatorChange> Indicators { get; }

    /// <summary>Changed sentences, scores and indicators together.</summary>
    public int Changes => Sections.Sum(s => s.Changes) + Scores.Count(s => s.Changed) + Indicators.Count;

    public static RevisionComparison Of(ReportDto older, ReportDto newer)
    {
        var sections = new[]
        {
            Section("basicInfo", Ui.SectionBasicInfo, older.BasicInfo, newer.BasicInfo),
            Section("evaluation", Ui.SectionEvaluation, older.Evaluation, newer.Evaluation),
            Section("problems", Ui.SectionProblems, older.Problems, newer.Problems),
            Section("measures", Ui.SectionMeasures, older.Measures, newer.Measures),
        };
        var scores = new[]
        {
            new ValueChange(Ui.SelfScore, Number(older.SelfScore), Number(newer.SelfScore)),
            new ValueChange($"{Ui.SelfScore} · {Ui.Grade}", older.SelfGrade ?? "—", newer.SelfGrade ?? "—"),
            new ValueChange(Ui.ComputedScore, Number(older.ComputedScore), Number(newer.ComputedScore)),
            new ValueChange($"{Ui.ComputedScore} · {Ui.Grade}", older.ComputedGrade ?? "—", newer.ComputedGrade ?? "—"),
        };
        return new RevisionComparison(sections, scores, CompareIndicators(older.Plan, newer.Plan));
    }

    /// <summary>A text cut into its sentences (each keeps its closing mark); line breaks end a sentence too; blank pieces are dropped.</summary>
    public static string[] Sentences(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '。' or '！' or '？' or '；' or '!' or '?' or ';' or '\n')
            {
                sentences.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        sentences.Add(text[start..]);
        return sentences.Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
    }

    private static SectionChange Section(string key, string title, string? older, string? newer)
    {
        older ??= "";
        newer ??= "";
        if (string.Join("", Sentences(older)) == string.Join("", Sentences(newer)))
        {
            return new SectionChange(key, title, []);
        }

        // Sentences are the "lines"; within a sentence that changed, characters.
        var model = SideBySideDiffBuilder.Diff(Differ.Instance, older, newer, ignoreWhiteSpace: true, ignoreCase: false, SentenceChunker, CharacterChunker.Instance);
        var pairs = model.OldText.Lines.Zip(model.NewText.Lines, (o, n) => new SentenceRow(SentenceSide.From(o), SentenceSide.From(n))).ToList();
        return new SectionChange(key, title, Fold(pairs));
    }

    /// <summary>Runs of unchanged sentences folded to one row, keeping <see cref="Context"/> sentences beside each change.</summary>
    private static List<SentenceRow> Fold(List<SentenceRow> pairs)
    {
        var keep = new bool[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Changed)
            {
                for (var j = Math.Max(0, i - Context); j <= Math.Min(pairs.Count - 1, i + Context); j++)
                {
                    keep[j] = true;
                }
            }
        }

        var rows = new List<SentenceRow>();
        var folded = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            if (keep[i])
            {
                if (folded > 0)
                {
                    rows.Add(new SentenceRow(null, null, folded));
                    folded = 0;
                }

                rows.Add(pairs[i]);
            }
            else
            {
                folded++;
            }
        }

        if (folded > 0)
        {
            rows.Add(new SentenceRow(null, null, folded));
        }

        return rows;
    }

    private static List<IndicatorChange> CompareIndicators(PerformancePlan? older, PerformancePlan? newer)
    {
        var before = Flatten(older);
        var after = Flatten(newer);
        var changes = new List<IndicatorChange>();
        var matched = new HashSet<PlanIndicator>();
        foreach (var (task, indicator) in after)
        {
            var previous = before.FirstOrDefault(b => b.Indicator.Id == indicator.Id && !matched.Contains(b.Indicator));
            if (previous.Indicator is null)
            {
                previous = before.FirstOrDefault(b => b.Task == task && b.Indicator.Name == indicator.Name && !matched.Contains(b.Indicator));
            }

            if (previous.Indicator is null)
            {
                changes.Add(new IndicatorChange(task, indicator.Name, IndicatorChangeKind.Added, []));
                continue;
            }

            matched.Add(previous.Indicator);
            var values = Values(previous.Indicator).Zip(Values(indicator), (b, a) => new ValueChange(b.Item, b.Value, a.Value)).Where(v => v.Changed).ToList();
            if (previous.Task != task)
            {
                values.Insert(0, new ValueChange(Ui.Task, previous.Task.ToString(CultureInfo.InvariantCulture), task.ToString(CultureInfo.InvariantCulture)));
            }

            if (values.Count > 0)
            {
                changes.Add(new IndicatorChange(task, indicator.Name, IndicatorChangeKind.Changed, values));
            }
        }

        changes.AddRange(before.Where(b => !matched.Contains(b.Indicator)).Select(b => new IndicatorChange(b.Task, b.Indicator.Name, IndicatorChangeKind.Removed, [])));
        return changes.OrderBy(c => c.Task).ToList();
    }

    private static List<(int Task, PlanIndicator Indicator)> Flatten(PerformancePlan? plan) =>
        (plan?.Tasks ?? []).OrderBy(t => t.Number).SelectMany(t => (t.Indicators ?? []).OrderBy(i => i.Order).Select(i => (t.Number, i))).ToList();

    private static IEnumerable<(string Item, string Value)> Values(PlanIndicator i) =>
    [
        (Ui.Target, i.AdjustedTarget ?? i.Target ?? ""),
        (Ui.Actual, i.Actual ?? ""),
        (Ui.Weight, Number(i.Weight)),
        (Ui.Achieved, i.Achieved ? Ui.Yes : Ui.No),
        (Ui.Score, Number(i.Score)),
        (Ui.DeviationReason, i.DeviationReason ?? ""),
    ];

    private static string Number(decimal? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "—";
}

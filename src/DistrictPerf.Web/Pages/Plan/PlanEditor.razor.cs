using System.Globalization;
using AntDesign;
using DistrictPerf.Web.Api;
using DistrictPerf.Web.Localization;
using DistrictPerf.Web.Shell;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using Shared = DistrictPerf.Modules.Indicators.Contracts;

namespace DistrictPerf.Web.Pages.Plan;

/// <summary>
/// The year's performance plan: goal, main tasks (with the budget lines that fund them) and their
/// indicators in one table per task, grouped by level 1. One indicator is edited at a time; while the
/// user types, the scores are computed here with the server's own code, and a save is one request whose
/// answer carries the server's figures.
/// </summary>
public partial class PlanEditor : IDisposable
{
    /// <summary>Level 1 values as the server stores them, in the order of the published tables.</summary>
    internal static readonly string[] Levels1 = ["决策", "过程", "产出", "效益", "满意度"];

    [Inject] private DistrictPerfApi Api { get; set; } = default!;
    [Inject] private ApiGuard Guard { get; set; } = default!;
    [Inject] private Session Session { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IMessageService Messages { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private int _year;
    private bool _loading = true;
    private PerformancePlan? _plan;
    private Shared.ScoringRules _rules = Shared.ScoringRules.Default;
    private decimal? _executionRate;
    private PlanShown? _shown;
    private List<PlanTask> _tasks = [];
    private readonly Dictionary<Guid, List<IndicatorRow>> _rows = [];
    private ILookup<Guid, BudgetLineDto> _linesByTask = Array.Empty<BudgetLineDto>().ToLookup(l => Guid.Empty);
    private IDisposable? _leaving;

    // The goal
    private GoalForm _goal = new();
    private string? _goalStamp;
    private bool _savingGoal;
    private Dictionary<string, string> _goalErrors = [];

    // The one indicator being edited (a copy; the row keeps the saved values until the save succeeds)
    private IndicatorRow? _draft;
    private IndicatorRow? _draftSaved;
    private string? _weightText;
    private string? _shareText;
    private bool _savingRow;
    private bool _moving;
    private Dictionary<string, string> _rowErrors = [];

    // The task drawer
    private bool _taskDrawer;
    private bool _savingTask;
    private PlanTask? _editingTask;
    private TaskForm _taskForm = new();
    private bool _taskDirty;
    private Dictionary<string, string> _taskErrors = [];

    private sealed class GoalForm
    {
        public string? OverallGoal { get; set; }
        public string? QuantitativeTargets { get; set; }
    }

    private sealed class TaskForm
    {
        public string? Number { get; set; }
        public string? Name { get; set; }
        public string? ExpectedGoal { get; set; }
        public string? Completion { get; set; }
        public string? Funds { get; set; }
        public string? DeclaredCount { get; set; }
        public string? DeclaredNames { get; set; }
    }

    private bool CanEdit => Session.Can(Can.PlanEdit);

    /// <summary>The indicator table's columns: #, indicator, target, actual, read as, completion, reason, weight, score (+ actions).</summary>
    private int Columns => CanEdit ? 10 : 9;

    private bool GoalDirty => _plan is not null && ((_goal.OverallGoal ?? "") != (_plan.OverallGoal ?? "") || (_goal.QuantitativeTargets ?? "") != (_plan.QuantitativeTargets ?? ""));

    private bool DraftDirty => _draft is not null && (_draftSaved is null || !_draft.SameContent(_draftSaved) || _weightText != Plain(_draftSaved.EnteredWeight) || _shareText != Plain(_draftSaved.Share));

    private bool Dirty => GoalDirty || DraftDirty || (_taskDrawer && _taskDirty);

    protected override async Task OnInitializedAsync()
    {
        _leaving = Navigation.RegisterLocationChangingHandler(async context =>
        {
            if (Dirty && !await UnsavedChanges.ConfirmLeaveAsync(JS))
            {
                context.PreventNavigation();
            }
        });
        Navigation.LocationChanged += OnLocationChanged;
        await LoadAsync();
    }

    private async void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        // Only a change of year on this page reloads (not the way out of it).
        if (Navigation.ToBaseRelativePath(e.Location).StartsWith("plan", StringComparison.OrdinalIgnoreCase) && YearQuery.Current(Navigation) != _year)
        {
            await LoadAsync();
            await InvokeAsync(StateHasChanged);
        }
    }

    private async Task LoadAsync()
    {
        _year = YearQuery.Current(Navigation);
        _loading = true;

        // Never show last year's plan under a new year.
        _plan = null;
        _shown = null;
        _tasks = [];
        _rows.Clear();
        _linesByTask = Array.Empty<BudgetLineDto>().ToLookup(l => Guid.Empty);
        _draft = _draftSaved = null;
        _taskDrawer = false;
        _goalErrors = [];

        var (ok, plan) = await Guard.TryAsync(() => Api.GetPerformancePlanAsync(_year), isLoad: true);
        if (ok && plan is not null)
        {
            _plan = plan;
            _rules = PlanCalculator.Rules(plan.Rules);
            _executionRate = plan.ExecutionRate;
            _tasks = plan.Tasks.OrderBy(t => t.Number).ToList();
            foreach (var task in _tasks)
            {
                _rows[task.Id] = task.Indicators.Select(i => IndicatorRow.From(task.Id, i)).OrderBy(r => r.Order).ToList();
            }

            _goal = new GoalForm { OverallGoal = plan.OverallGoal, QuantitativeTargets = plan.QuantitativeTargets };
            _goalStamp = plan.GoalConcurrencyStamp;
            _shown = PlanShown.From(plan);
            await LoadLinesAsync();
        }

        _loading = false;
    }

    /// <summary>The budget lines that fund the tasks (linked from the line's side, on the budget lines page).</summary>
    private async Task LoadLinesAsync()
    {
        if (!Session.Can(Can.BudgetsView))
        {
            return;
        }

        var (ok, lines) = await Guard.TryAsync(() => Api.ListBudgetLinesAsync(_year));
        _linesByTask = (ok && lines is not null ? lines : []).Where(l => l.MainTaskId is not null).ToLookup(l => l.MainTaskId!.Value);
    }

    // ---- figures

    /// <summary>Every saved row, the draft in place of its row (or after the rows of its task when new).</summary>
    private IEnumerable<IndicatorRow> CurrentRows()
    {
        foreach (var task in _tasks)
        {
            foreach (var row in _rows[task.Id])
            {
                yield return _draft is not null && row.Id == _draft.Id ? _draft : row;
            }

            if (_draft is { IsNew: true } draft && draft.TaskId == task.Id)
            {
                yield return draft;
            }
        }
    }

    /// <summary>Recomputes the figures in the browser (cheap: one pass over the plan's indicators).</summary>
    private void Recompute()
    {
        if (_draft is { DirectionFollowsTarget: true } draft)
        {
            draft.Direction = PlanCalculator.InferDirection(string.IsNullOrWhiteSpace(draft.AdjustedTarget) ? draft.Target : draft.AdjustedTarget);
        }

        _shown = PlanCalculator.Compute(CurrentRows(), _executionRate, _rules);
    }

    private IndicatorShown? Shown(IndicatorRow row) => _shown?.Indicators.GetValueOrDefault(row.Id);

    /// <summary>A task's rows in the order shown: grouped by level 1 (the published order; none last), then by their order.</summary>
    private IEnumerable<IGrouping<string?, IndicatorRow>> Groups(PlanTask task)
    {
        var rows = _rows[task.Id].Select(r => _draft is not null && r.Id == _draft.Id ? _draft : r).ToList();
        if (_draft is { IsNew: true } draft && draft.TaskId == task.Id)
        {
            rows.Add(draft);
        }

        return rows.GroupBy(r => Levels1.Contains(r.Level1) ? r.Level1 : null).OrderBy(g => g.Key is null ? int.MaxValue : Array.IndexOf(Levels1, g.Key));
    }

    private List<IndicatorRow> DisplayOrder(PlanTask task) => Groups(task).SelectMany(g => g).Where(r => !r.IsNew).ToList();

    // ---- the goal

    private async Task SaveGoalAsync()
    {
        _goalErrors = [];
        _savingGoal = true;
        try
        {
            var (ok, saved) = await Guard.TryAsync(
                () => Api.SaveGoalAsync(_year, new GoalBody { OverallGoal = _goal.OverallGoal, QuantitativeTargets = _goal.QuantitativeTargets, ConcurrencyStamp = _goalStamp }),
                problem => _goalErrors = problem.FieldMessages());
            if (ok && saved is not null && _plan is not null)
            {
                _plan.OverallGoal = _goal.OverallGoal = saved.OverallGoal;
                _plan.QuantitativeTargets = _goal.QuantitativeTargets = saved.QuantitativeTargets;
                _goalStamp = _plan.GoalConcurrencyStamp = saved.ConcurrencyStamp;
                Messages.Success(Ui.Saved);
            }
        }
        finally
        {
            _savingGoal = false;
        }
    }

    // ---- indicators

    private bool EnsureNoDraft()
    {
        if (_draft is null)
        {
            return true;
        }

        Messages.Warning(Ui.PlanEditing);
        return false;
    }

    private void StartEdit(IndicatorRow row)
    {
        if (!EnsureNoDraft())
        {
            return;
        }

        _draftSaved = row;
        _draft = row.Copy();
        _weightText = Plain(row.EnteredWeight);
        _shareText = Plain(row.Share);
        _rowErrors = [];
    }

    private void StartAdd(PlanTask task)
    {
        if (!EnsureNoDraft())
        {
            return;
        }

        var last = _rows[task.Id].LastOrDefault();
        _draftSaved = null;
        _draft = new IndicatorRow
        {
            Id = Guid.NewGuid(), TaskId = task.Id, IsNew = true, Level1 = last?.Level1, Level2 = last?.Level2, IsCore = true,
            Direction = IndicatorDirection.Qualitative,
        };
        _weightText = "0";
        _shareText = "";
        _rowErrors = [];
        Recompute();
    }

    private async Task CancelEditAsync()
    {
        if (DraftDirty && !await UnsavedChanges.ConfirmLeaveAsync(JS))
        {
            return;
        }

        _draft = _draftSaved = null;
        _rowErrors = [];
        Recompute();
    }

    private void OnDirectionPicked(ChangeEventArgs e)
    {
        if (_draft is not null && Enum.TryParse<IndicatorDirection>(e.Value?.ToString(), out var direction))
        {
            _draft.Direction = direction;
            _draft.DirectionFollowsTarget = false;
            Recompute();
        }
    }

    private void OnLevel1Picked(ChangeEventArgs e)
    {
        if (_draft is not null)
        {
            var value = e.Value?.ToString();
            _draft.Level1 = string.IsNullOrEmpty(value) ? null : value;
            Recompute();
        }
    }

    private void OnRatingPicked(ChangeEventArgs e)
    {
        if (_draft is not null)
        {
            _draft.Rating = Enum.TryParse<QualitativeRating>(e.Value?.ToString(), out var rating) ? rating : null;
            Recompute();
        }
    }

    private void OnWeightTyped()
    {
        if (_draft is not null)
        {
            _draft.EnteredWeight = ParseDecimal(_weightText) ?? 0m;
            Recompute();
        }
    }

    private void OnShareTyped()
    {
        if (_draft is not null)
        {
            _draft.Share = ParseDecimal(_shareText);
            Recompute();
        }
    }

    private async Task SaveRowAsync()
    {
        if (_draft is null)
        {
            return;
        }

        _rowErrors = [];
        if (!string.IsNullOrWhiteSpace(_weightText) && ParseDecimal(_weightText) is null)
        {
            _rowErrors["weight"] = Ui.PlanNumberInvalid;
        }

        if (!string.IsNullOrWhiteSpace(_shareText) && ParseDecimal(_shareText) is null)
        {
            _rowErrors["share"] = Ui.PlanNumberInvalid;
        }

        if (_rowErrors.Count > 0)
        {
            return;
        }

        var draft = _draft;
        _savingRow = true;
        try
        {
            var (ok, saved) = await Guard.TryAsync(
                () => draft.IsNew
                    ? Api.CreateIndicatorAsync(_year, draft.TaskId, draft.Body())
                    : Api.UpdateIndicatorAsync(_year, draft.TaskId, draft.Id, draft.Body()),
                problem => _rowErrors = problem.FieldMessages());
            if (!ok || saved is null)
            {
                return;
            }

            // The answer is the server's: the new id and stamp, and the plan's figures computed from what it stored.
            var rows = _rows[draft.TaskId];
            if (draft.IsNew)
            {
                draft.Id = saved.Id;
                draft.IsNew = false;
                draft.Order = rows.Count == 0 ? 1 : rows.Max(r => r.Order) + 1;
                rows.Add(draft);
            }
            else
            {
                rows[rows.FindIndex(r => r.Id == draft.Id)] = draft;
            }

            draft.ConcurrencyStamp = saved.ConcurrencyStamp;
            _executionRate = saved.Figures.ExecutionRate;
            _draft = _draftSaved = null;
            _shown = PlanShown.From(saved.Figures);
            Messages.Success(Ui.Saved);
        }
        finally
        {
            _savingRow = false;
        }
    }

    private async Task DeleteRowAsync(IndicatorRow row)
    {
        if (await Guard.TryAsync(() => Api.DeleteIndicatorAsync(_year, row.Id)))
        {
            _rows[row.TaskId].RemoveAll(r => r.Id == row.Id);
            Recompute(); // the server's code, on what the server now holds
            Messages.Success(Ui.Deleted);
        }
    }

    /// <summary>Moves a row up or down within its level-1 group: one request with the task's new order.</summary>
    private async Task MoveAsync(PlanTask task, IndicatorRow row, int step)
    {
        if (!EnsureNoDraft())
        {
            return;
        }

        var order = DisplayOrder(task);
        var at = order.FindIndex(r => r.Id == row.Id);
        var to = at + step;
        if (at < 0 || to < 0 || to >= order.Count || order[to].Level1 != row.Level1)
        {
            return;
        }

        (order[at], order[to]) = (order[to], order[at]);
        _moving = true;
        try
        {
            var (ok, saved) = await Guard.TryAsync(() => Api.ReorderIndicatorsAsync(_year, task.Id, new IndicatorOrderBody
            {
                Indicators = order.Select(r => new IndicatorPosition { Id = r.Id, ConcurrencyStamp = r.ConcurrencyStamp }).ToList(),
            }));
            if (ok && saved is not null)
            {
                var stamps = saved.ToDictionary(s => s.Id, s => s.ConcurrencyStamp);
                for (var i = 0; i < order.Count; i++)
                {
                    order[i].Order = i + 1;
                    order[i].ConcurrencyStamp = stamps.GetValueOrDefault(order[i].Id, order[i].ConcurrencyStamp);
                }

                _rows[task.Id] = order;
            }
        }
        finally
        {
            _moving = false;
        }
    }

    private bool CanMove(PlanTask task, IndicatorRow row, int step)
    {
        var order = DisplayOrder(task);
        var to = order.FindIndex(r => r.Id == row.Id) + step;
        return to >= 0 && to < order.Count && order[to].Level1 == row.Level1;
    }

    // ---- tasks

    private void OpenAddTask()
    {
        _editingTask = null;
        _taskForm = new TaskForm { Number = ((_tasks.Count == 0 ? 0 : _tasks.Max(t => t.Number)) + 1).ToString(CultureInfo.InvariantCulture), Funds = "0" };
        _taskErrors = [];
        _taskDirty = false;
        _taskDrawer = true;
    }

    private void OpenEditTask(PlanTask task)
    {
        _editingTask = task;
        _taskForm = new TaskForm
        {
            Number = task.Number.ToString(CultureInfo.InvariantCulture), Name = task.Name, ExpectedGoal = task.ExpectedGoal, Completion = task.Completion,
            Funds = task.FundsYuan.ToString(CultureInfo.InvariantCulture),
            DeclaredCount = task.DeclaredIndicatorCount?.ToString(CultureInfo.InvariantCulture),
            DeclaredNames = string.Join('\n', task.DeclaredIndicatorNames ?? []),
        };
        _taskErrors = [];
        _taskDirty = false;
        _taskDrawer = true;
    }

    private async Task CloseTaskDrawerAsync()
    {
        if (_taskDirty && !await UnsavedChanges.ConfirmLeaveAsync(JS))
        {
            return;
        }

        _taskDrawer = false;
        _taskDirty = false;
    }

    private async Task SaveTaskAsync()
    {
        _taskErrors = [];
        int? number = int.TryParse(_taskForm.Number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        var funds = ParseDecimal(_taskForm.Funds);
        if (number is null && !string.IsNullOrWhiteSpace(_taskForm.Number))
        {
            _taskErrors["number"] = Ui.PlanNumberInvalid;
        }

        if (funds is null && !string.IsNullOrWhiteSpace(_taskForm.Funds))
        {
            _taskErrors["funds"] = Ui.PlanNumberInvalid;
        }

        int? declared = int.TryParse(_taskForm.DeclaredCount, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : null;
        if (declared is null && !string.IsNullOrWhiteSpace(_taskForm.DeclaredCount))
        {
            _taskErrors["declaredIndicatorCount"] = Ui.PlanNumberInvalid;
        }

        if (_taskErrors.Count > 0)
        {
            return;
        }

        var names = (_taskForm.DeclaredNames ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var editing = _editingTask;
        var body = new TaskBody
        {
            Number = number, Name = _taskForm.Name, ExpectedGoal = _taskForm.ExpectedGoal, Completion = _taskForm.Completion, Funds = funds,
            ConcurrencyStamp = editing?.ConcurrencyStamp,
            DeclaredIndicatorCount = declared ?? 0,
            DeclaredIndicatorNames = names,
        };
        _savingTask = true;
        try
        {
            var (ok, saved) = await Guard.TryAsync(
                () => editing is null ? Api.CreateTaskAsync(_year, body) : Api.UpdateTaskAsync(_year, editing.Id, body),
                problem => _taskErrors = DeclaredNamesAtOneField(problem.FieldMessages()));
            if (!ok || saved is null)
            {
                return;
            }

            var task = editing ?? new PlanTask { Id = saved.Id, Indicators = [], DeclaredIndicatorNames = [] };
            task.DeclaredIndicatorCount = declared is null or 0 ? null : declared;
            task.DeclaredIndicatorNames = names;
            task.Number = number!.Value;
            task.Name = _taskForm.Name!.Trim();
            task.ExpectedGoal = _taskForm.ExpectedGoal?.Trim();
            task.Completion = _taskForm.Completion?.Trim();
            task.FundsYuan = funds!.Value;
            task.ConcurrencyStamp = saved.ConcurrencyStamp;
            if (editing is null)
            {
                _tasks.Add(task);
                _rows[task.Id] = [];
            }

            _tasks = _tasks.OrderBy(t => t.Number).ToList();
            _taskDirty = false;
            _taskDrawer = false;
            Messages.Success(Ui.Saved);
        }
        finally
        {
            _savingTask = false;
        }
    }

    /// <summary>An error about one of the listed names ("declaredIndicatorNames[3]") is shown at the names' text area.</summary>
    private static Dictionary<string, string> DeclaredNamesAtOneField(Dictionary<string, string> errors) =>
        errors.GroupBy(e => e.Key.StartsWith("declaredIndicatorNames", StringComparison.OrdinalIgnoreCase) ? "declaredIndicatorNames" : e.Key)
            .ToDictionary(g => g.Key, g => g.First().Value);

    private async Task DeleteTaskAsync(PlanTask task)
    {
        if (await Guard.TryAsync(() => Api.DeleteTaskAsync(_year, task.Id)))
        {
            _tasks.Remove(task);
            _rows.Remove(task.Id);
            if (_draft?.TaskId == task.Id)
            {
                _draft = _draftSaved = null;
            }

            _linesByTask = _linesByTask.SelectMany(g => g).Where(l => l.MainTaskId != task.Id).ToLookup(l => l.MainTaskId!.Value);
            Recompute();
            Messages.Success(Ui.Deleted);
        }
    }

    // ---- formatting

    private static decimal? ParseDecimal(string? text) =>
        decimal.TryParse(text?.Replace(",", "", StringComparison.Ordinal).Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string Plain(decimal? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";

    /// <summary>Scores and weights as shown: two decimals, half up (the figures themselves stay unrounded).</summary>
    internal static string Points(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    internal static string Money(decimal value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    internal static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    internal static string Percent(decimal ratio) => (Math.Round(ratio * 100m, 1, MidpointRounding.AwayFromZero)).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    internal static string DirectionText(IndicatorDirection direction) => direction switch
    {
        IndicatorDirection.AtLeast => Ui.PlanDirAtLeast,
        IndicatorDirection.AtMost => Ui.PlanDirAtMost,
        IndicatorDirection.Equal => Ui.PlanDirEqual,
        IndicatorDirection.YesNo => Ui.PlanDirYesNo,
        _ => Ui.PlanDirQualitative,
    };

    internal static string DirectionSymbol(IndicatorDirection direction) => direction switch
    {
        IndicatorDirection.AtLeast => "≥",
        IndicatorDirection.AtMost => "≤",
        IndicatorDirection.Equal => "=",
        IndicatorDirection.YesNo => Ui.PlanDirYesNo,
        _ => Ui.PlanDirQualitative,
    };

    internal static string LevelText(string? level1) => level1 switch
    {
        "产出" => Ui.PlanLevelOutput,
        "效益" => Ui.PlanLevelOutcome,
        "满意度" => Ui.PlanLevelSatisfaction,
        "决策" => Ui.PlanLevelDecision,
        "过程" => Ui.PlanLevelProcess,
        _ => Ui.PlanNoLevel,
    };

    internal static string RatingText(QualitativeRating? rating) => rating switch
    {
        QualitativeRating.Achieved => Ui.PlanRatingAchieved,
        QualitativeRating.PartlyAchieved => Ui.PlanRatingPartly,
        QualitativeRating.NotAchieved => Ui.PlanRatingNot,
        _ => Ui.PlanRatingNone,
    };

    /// <summary>How the target was read: "≥ 3 册文本", "定性", "是/否".</summary>
    internal static string TargetReading(IndicatorRow row, IndicatorShown? shown) =>
        row.IsJudged || shown?.TargetNumber is null
            ? DirectionSymbol(row.Direction) + (row.IsJudged ? "" : " · " + Ui.PlanReadNone)
            : $"{DirectionSymbol(row.Direction)} {Number(shown.TargetNumber.Value)}{shown.Unit}";

    /// <summary>How the actual was read: "实际 4 册文本", "实际完成 90%" (a percentage of completion), or nothing read.</summary>
    internal static string? ActualReading(IndicatorRow row, IndicatorShown? shown)
    {
        if (row.IsJudged || shown is null)
        {
            return null;
        }

        if (shown.ActualNumber is not { } actual)
        {
            return Ui.Format(Ui.PlanReadActual, Ui.PlanReadNone);
        }

        return shown.ActualUnit == "%" && shown.Unit != "%"
            ? Ui.Format(Ui.PlanReadPercent, Number(actual))
            : Ui.Format(Ui.PlanReadActual, Number(actual) + shown.ActualUnit);
    }

    private string? RowError(string field) => _rowErrors.GetValueOrDefault(field);

    private string InputClass(string field) => _rowErrors.ContainsKey(field) ? "ant-input-status-error" : "";

    private string? TaskError(string field) => _taskErrors.GetValueOrDefault(field);

    private FormValidateStatus TaskStatus(string field) => _taskErrors.ContainsKey(field) ? FormValidateStatus.Error : FormValidateStatus.Default;

    private string? GoalError(string field) => _goalErrors.GetValueOrDefault(field);

    private FormValidateStatus GoalStatus(string field) => _goalErrors.ContainsKey(field) ? FormValidateStatus.Error : FormValidateStatus.Default;

    public void Dispose()
    {
        _leaving?.Dispose();
        Navigation.LocationChanged -= OnLocationChanged;
        GC.SuppressFinalize(this);
    }
}

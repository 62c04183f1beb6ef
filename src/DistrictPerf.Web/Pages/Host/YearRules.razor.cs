using System.Globalization;
using DistrictPerf.Web.Api;
using DistrictPerf.Web.Localization;
using DistrictPerf.Web.Shell;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace DistrictPerf.Web.Pages.Host;

public partial class YearRules
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private int _year;
    private bool _loading = true;
    private ScoringRulesDocument? _scoring;
    private WarningSettingsDocument? _warning;
    private ScoringForm _s = new();
    private WarningForm _w = new();
    private bool _scoringDirty;
    private bool _warningDirty;
    private bool _savingScoring;
    private bool _savingWarning;
    private Dictionary<string, string> _scoringErrors = [];
    private Dictionary<string, string> _warningErrors = [];
    private IDisposable? _leaving;

    private bool CanEditScoring => Session.Can(Can.HostScoringRulesManage);

    private bool CanEditWarning => Session.Can(Can.HostAlertsRun);

    private sealed class ScoringForm
    {
        public string? ExecutionWeight { get; set; }
        public string? OutputWeight { get; set; }
        public string? OutcomeWeight { get; set; }
        public string? SatisfactionWeight { get; set; }
        public string AtMostFormula { get; set; } = "Ratio";
        public string? EqualTolerance { get; set; }
        public string? OverAchievement { get; set; }
        public List<BandRow> Bands { get; set; } = [];
        public List<GradeRow> Grades { get; set; } = [];
        public bool CapTotal { get; set; }
        public List<CapRow> Caps { get; set; } = [];
    }

    private sealed class BandRow
    {
        public QualitativeRating Rating { get; set; }
        public string? Min { get; set; }
        public string? Max { get; set; }
    }

    private sealed class GradeRow
    {
        public string? Grade { get; set; }
        public string? Min { get; set; }
    }

    private sealed class CapRow
    {
        public string? Below { get; set; }
        public string? Max { get; set; }
    }

    private sealed class WarningForm
    {
        public string Mode { get; set; } = nameof(WarningMode.Gap);
        public string Progress { get; set; } = nameof(TimeProgressMode.Months);
        public string?[] Milestones { get; } = new string?[12];
        public string? YellowGap { get; set; }
        public string? RedGap { get; set; }
        public string? YellowRatio { get; set; }
        public string? RedRatio { get; set; }
        public string? ForecastFromMonth { get; set; }
        public string? ForecastThreshold { get; set; }
        public string? ForecastCap { get; set; }
        public string? InterviewAfter { get; set; }
    }

    protected override async Task OnInitializedAsync()
    {
        _leaving = Navigation.RegisterLocationChangingHandler(async context =>
        {
            if ((_scoringDirty || _warningDirty) && !await UnsavedChanges.ConfirmLeaveAsync(JS))
            {
                context.PreventNavigation();
            }
        });
        Navigation.LocationChanged += OnLocationChanged;
        await LoadAsync();
    }

    public void Dispose()
    {
        _leaving?.Dispose();
        Navigation.LocationChanged -= OnLocationChanged;
    }

    private async void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (Navigation.ToBaseRelativePath(e.Location).StartsWith("rules", StringComparison.OrdinalIgnoreCase) && YearQuery.Current(Navigation) != _year)
        {
            await LoadAsync();
            await InvokeAsync(StateHasChanged);
        }
    }

    private async Task LoadAsync()
    {
        _year = YearQuery.Current(Navigation);
        _loading = true;
        _scoring = null;
        _warning = null;
        var scoring = Guard.TryAsync(() => Api.GetScoringRulesAsync(_year), isLoad: true);
        var warning = Guard.TryAsync(() => Api.GetWarningSettingsAsync(_year), isLoad: true);
        var (scoringOk, scoringDoc) = await scoring;
        var (warningOk, warningDoc) = await warning;
        if (scoringOk && warningOk && scoringDoc is not null && warningDoc is not null)
        {
            ShowScoring(scoringDoc);
            ShowWarning(warningDoc);
        }

        _loading = false;
    }

    private void ShowScoring(ScoringRulesDocument doc)
    {
        _scoring = doc;
        var r = doc.Rules;
        _s = new ScoringForm
        {
            ExecutionWeight = Num(r.ExecutionWeight),
            OutputWeight = Num(r.OutputWeight),
            OutcomeWeight = Num(r.OutcomeWeight),
            SatisfactionWeight = Num(r.SatisfactionWeight),
            AtMostFormula = (r.AtMostFormula ?? AtMostFormula.Ratio).ToString(),
            EqualTolerance = Num(r.EqualTolerance),
            OverAchievement = Pct(r.OverAchievementThreshold),
            Bands = (r.QualitativeBands ?? []).Select(b => new BandRow { Rating = b.Rating, Min = Pct(b.MinShare), Max = Pct(b.MaxShare) }).ToList(),
            Grades = (r.Grades ?? []).OrderByDescending(g => g.MinScore).Select(g => new GradeRow { Grade = g.Grade, Min = Num(g.MinScore) }).ToList(),
            CapTotal = r.CapTotalByExecutionRate ?? false,
            Caps = (r.ExecutionCaps ?? []).OrderBy(c => c.ExecutionRateBelow).Select(c => new CapRow { Below = Pct(c.ExecutionRateBelow), Max = Num(c.MaxTotal) }).ToList(),
        };
        _scoringErrors = [];
        _scoringDirty = false;
    }

    private void ShowWarning(WarningSettingsDocument doc)
    {
        _warning = doc;
        var s = doc.Settings;
        _w = new WarningForm
        {
            Mode = (s.Mode ?? WarningMode.Gap).ToString(),
            Progress = (s.Progress ?? TimeProgressMode.Months).ToString(),
            YellowGap = Num(s.YellowGap),
            RedGap = Num(s.RedGap),
            YellowRatio = Pct(s.YellowRatio),
            RedRatio = Pct(s.RedRatio),
            ForecastFromMonth = s.ForecastFromMonth?.ToString(Inv),
            ForecastThreshold = Pct(s.ForecastThreshold),
            ForecastCap = Pct(s.ForecastScoreCapRate),
            InterviewAfter = s.InterviewAfterRedMonths?.ToString(Inv),
        };
        for (var m = 1; m <= 12; m++)
        {
            _w.Milestones[m - 1] = s.Milestones?.TryGetValue(m.ToString(Inv), out var v) == true ? Pct(v) : null;
        }

        _warningErrors = [];
        _warningDirty = false;
    }

    private void Touch() => _scoringDirty = true;

    private void TouchWarning() => _warningDirty = true;

    private decimal? WeightSum
    {
        get
        {
            decimal sum = 0;
            foreach (var text in new[] { _s.ExecutionWeight, _s.OutputWeight, _s.OutcomeWeight, _s.SatisfactionWeight })
            {
                if (!TryNumber(text, out var v))
                {
                    return null;
                }

                sum += v ?? 0;
            }

            return sum;
        }
    }

    private string? Error(string key) => _scoringErrors.GetValueOrDefault(key);

    private string? WarningError(string key) => _warningErrors.GetValueOrDefault(key);

    private static string Id(string key) => key.Replace('.', '-').Replace("[", "-", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);

    private string RatingText(QualitativeRating rating) => rating switch
    {
        QualitativeRating.Achieved => Ui.PlanRatingAchieved,
        QualitativeRating.PartlyAchieved => Ui.PlanRatingPartly,
        _ => Ui.PlanRatingNot,
    };

    /// <summary>The keys the scoring form shows at a field (anything else the server names is listed by the save button).</summary>
    private IEnumerable<string> ScoringKeys()
    {
        foreach (var k in new[] { "executionWeight", "outputWeight", "outcomeWeight", "satisfactionWeight", "equalTolerance", "overAchievementThreshold", "qualitativeBands", "grades", "executionCaps" })
        {
            yield return "rules." + k;
        }

        for (var i = 0; i < _s.Bands.Count; i++)
        {
            yield return $"rules.qualitativeBands[{i}].minShare";
            yield return $"rules.qualitativeBands[{i}].maxShare";
        }

        for (var i = 0; i < _s.Grades.Count; i++)
        {
            yield return $"rules.grades[{i}].grade";
            yield return $"rules.grades[{i}].minScore";
        }

        for (var i = 0; i < _s.Caps.Count; i++)
        {
            yield return $"rules.executionCaps[{i}].executionRateBelow";
            yield return $"rules.executionCaps[{i}].maxTotal";
        }
    }

    private IEnumerable<string> WarningKeys()
    {
        foreach (var k in new[] { "milestones", "yellowGap", "redGap", "yellowRatio", "redRatio", "forecastFromMonth", "forecastThreshold", "forecastScoreCapRate", "interviewAfterRedMonths" })
        {
            yield return "settings." + k;
        }

        for (var m = 1; m <= 12; m++)
        {
            yield return $"settings.milestones.{m}";
        }
    }

    /// <summary>Errors the form cannot place at a field it shows (e.g. about a hidden field or the whole document).</summary>
    private static List<string> Unplaced(Dictionary<string, string> errors, IEnumerable<string> shown)
    {
        var keys = new HashSet<string>(shown, StringComparer.OrdinalIgnoreCase);
        return errors.Where(e => !keys.Contains(e.Key)).Select(e => e.Value).Distinct().ToList();
    }

    // ---- fields

    private RenderFragment NumberField(string key, string label, string? value, Action<string?> set, string? unit) =>
        Field(key, label, value, set, unit, _scoringErrors, Touch, !CanEditScoring);

    private RenderFragment WarningField(string key, string label, string? value, Action<string?> set, string? unit) =>
        Field(key, label, value, set, unit, _warningErrors, TouchWarning, !CanEditWarning);

    private RenderFragment Field(string key, string label, string? value, Action<string?> set, string? unit, Dictionary<string, string> errors, Action touch, bool readOnly) => __builder =>
    {
        var id = Id(key);
        var error = errors.GetValueOrDefault(key);
        __builder.OpenElement(0, "div");
        __builder.AddAttribute(1, "class", "rules-field");
        __builder.OpenElement(2, "label");
        __builder.AddAttribute(3, "for", id);
        __builder.AddContent(4, label);
        __builder.CloseElement();
        __builder.AddContent(5, Input(id, null, value, set, unit, error, touch, readOnly));
        __builder.CloseElement();
    };

    private RenderFragment Cell(string key, string ariaLabel, string? value, Action<string?> set, string? unit) =>
        Input(Id(key), ariaLabel, value, set, unit, _scoringErrors.GetValueOrDefault(key), Touch, !CanEditScoring);

    private RenderFragment TextCell(string key, string ariaLabel, string? value, Action<string?> set) =>
        Input(Id(key), ariaLabel, value, set, null, _scoringErrors.GetValueOrDefault(key), Touch, !CanEditScoring, numeric: false);

    private RenderFragment Input(string id, string? ariaLabel, string? value, Action<string?> set, string? unit, string? error, Action touch, bool readOnly, bool numeric = true) => __builder =>
    {
        __builder.OpenElement(0, "span");
        __builder.AddAttribute(1, "class", "rules-input");
        __builder.OpenElement(2, "input");
        __builder.AddAttribute(3, "id", id);
        __builder.AddAttribute(4, "class", error is null ? "ant-input" : "ant-input ant-input-status-error");
        __builder.AddAttribute(5, "value", value);
        __builder.AddAttribute(6, "inputmode", numeric ? "decimal" : "text");
        __builder.AddAttribute(7, "aria-label", ariaLabel);
        __builder.AddAttribute(8, "aria-invalid", error is null ? null : "true");
        __builder.AddAttribute(9, "readonly", readOnly);
        __builder.AddAttribute(10, "oninput", EventCallback.Factory.Create<ChangeEventArgs>(this, e =>
        {
            set(e.Value?.ToString());
            touch();
        }));
        __builder.CloseElement();
        if (unit is not null)
        {
            __builder.OpenElement(11, "span");
            __builder.AddAttribute(12, "class", "rules-unit");
            __builder.AddAttribute(13, "aria-hidden", "true");
            __builder.AddContent(14, unit);
            __builder.CloseElement();
        }

        __builder.CloseElement();
        if (error is not null)
        {
            __builder.OpenElement(15, "div");
            __builder.AddAttribute(16, "class", "edit-error");
            __builder.AddAttribute(17, "role", "alert");
            __builder.AddContent(18, error);
            __builder.CloseElement();
        }
    };

    // ---- saving

    private async Task SaveScoringAsync()
    {
        // Grades are bands from the highest down (the API's order); a band added at the end takes its place by its score.
        if (_s.Grades.All(g => TryNumber(g.Min, out var v) && v is not null))
        {
            _s.Grades = _s.Grades.OrderByDescending(g => { TryNumber(g.Min, out var v); return v; }).ToList();
        }

        var errors = new Dictionary<string, string>();
        var rules = new ScoringRules
        {
            ExecutionWeight = Required(_s.ExecutionWeight, "rules.executionWeight", errors),
            OutputWeight = Required(_s.OutputWeight, "rules.outputWeight", errors),
            OutcomeWeight = Required(_s.OutcomeWeight, "rules.outcomeWeight", errors),
            SatisfactionWeight = Required(_s.SatisfactionWeight, "rules.satisfactionWeight", errors),
            AtMostFormula = Enum.Parse<AtMostFormula>(_s.AtMostFormula),
            EqualTolerance = Required(_s.EqualTolerance, "rules.equalTolerance", errors),
            OverAchievementThreshold = Percent(_s.OverAchievement, "rules.overAchievementThreshold", errors, max: null, required: true),
            QualitativeBands = _s.Bands.Select((b, i) => new QualitativeBand
            {
                Rating = b.Rating,
                MinShare = Percent(b.Min, $"rules.qualitativeBands[{i}].minShare", errors, required: true) ?? 0,
                MaxShare = Percent(b.Max, $"rules.qualitativeBands[{i}].maxShare", errors, required: true) ?? 0,
            }).ToList(),
            Grades = _s.Grades.Select((g, i) =>
            {
                if (string.IsNullOrWhiteSpace(g.Grade))
                {
                    errors[$"rules.grades[{i}].grade"] = Ui.RulesRequired;
                }

                return new GradeBand { Grade = g.Grade?.Trim() ?? "", MinScore = Required(g.Min, $"rules.grades[{i}].minScore", errors) ?? 0 };
            }).ToList(),
            CapTotalByExecutionRate = _s.CapTotal,
            ExecutionCaps = _s.Caps.Select((c, i) => new ExecutionCap
            {
                ExecutionRateBelow = Percent(c.Below, $"rules.executionCaps[{i}].executionRateBelow", errors, required: true) ?? 0,
                MaxTotal = Required(c.Max, $"rules.executionCaps[{i}].maxTotal", errors) ?? 0,
            }).ToList(),
        };
        _scoringErrors = errors;
        if (errors.Count > 0)
        {
            return;
        }

        _savingScoring = true;
        try
        {
            var (ok, saved) = await Guard.TryAsync(
                () => Api.SaveScoringRulesAsync(_year, new SaveScoringRulesBody { Rules = rules, ConcurrencyStamp = _scoring?.ConcurrencyStamp }),
                problem => _scoringErrors = WithPrefix(problem.FieldMessages(), "rules"));
            if (ok && saved is not null)
            {
                ShowScoring(saved);
                Messages.Success(Ui.Saved);
            }
        }
        finally
        {
            _savingScoring = false;
        }
    }

    private async Task SaveWarningAsync()
    {
        var errors = new Dictionary<string, string>();
        Dictionary<string, decimal>? milestones = null;
        if (_w.Progress == nameof(TimeProgressMode.Milestones))
        {
            milestones = [];
            for (var m = 1; m <= 12; m++)
            {
                if (Percent(_w.Milestones[m - 1], $"settings.milestones.{m}", errors) is { } v)
                {
                    milestones[m.ToString(Inv)] = v;
                }
            }

            if (milestones.Count == 0 && !errors.Keys.Any(k => k.StartsWith("settings.milestones", StringComparison.Ordinal)))
            {
                errors["settings.milestones"] = Ui.RulesMilestonesNeeded;
            }
        }
        else if (_warning?.Settings.Milestones is { Count: > 0 } kept)
        {
            milestones = new Dictionary<string, decimal>(kept); // kept for a later switch back; not used while months or days decide
        }

        var settings = new WarningSettings
        {
            Mode = Enum.Parse<WarningMode>(_w.Mode),
            Progress = Enum.Parse<TimeProgressMode>(_w.Progress),
            Milestones = milestones,
            YellowGap = Required(_w.YellowGap, "settings.yellowGap", errors),
            RedGap = Required(_w.RedGap, "settings.redGap", errors),
            YellowRatio = Percent(_w.YellowRatio, "settings.yellowRatio", errors, required: true),
            RedRatio = Percent(_w.RedRatio, "settings.redRatio", errors, required: true),
            ForecastFromMonth = Whole(_w.ForecastFromMonth, "settings.forecastFromMonth", errors),
            ForecastThreshold = Percent(_w.ForecastThreshold, "settings.forecastThreshold", errors, required: true),
            ForecastScoreCapRate = Percent(_w.ForecastCap, "settings.forecastScoreCapRate", errors),
            InterviewAfterRedMonths = Whole(_w.InterviewAfter, "settings.interviewAfterRedMonths", errors),
        };
        _warningErrors = errors;
        if (errors.Count > 0)
        {
            return;
        }

        _savingWarning = true;
        try
        {
            var (ok, saved) = await Guard.TryAsync(
                () => Api.SaveWarningSettingsAsync(_year, new SaveWarningSettingsBody { Settings = settings, ConcurrencyStamp = _warning?.ConcurrencyStamp }),
                problem => _warningErrors = WithPrefix(problem.FieldMessages(), "settings"));
            if (ok && saved is not null)
            {
                ShowWarning(saved);
                Messages.Success(Ui.Saved);
            }
        }
        finally
        {
            _savingWarning = false;
        }
    }

    /// <summary>
    /// The server's field names are the form's keys ("rules.outputWeight", "settings.yellowGap"); a name without the
    /// document's prefix gets it, and keys are matched without regard to case.
    /// </summary>
    private static Dictionary<string, string> WithPrefix(Dictionary<string, string> fields, string prefix)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, message) in fields)
        {
            var k = key.StartsWith(prefix + ".", StringComparison.OrdinalIgnoreCase) ? key : $"{prefix}.{key}";
            result.TryAdd(k, message);
        }

        return result;
    }

    // ---- numbers

    private static string? Num(decimal? value) => value?.ToString("0.############", Inv);

    private static string? Pct(decimal? fraction) => fraction is { } f ? (f * 100m).ToString("0.##########", Inv) : null;

    private static bool TryNumber(string? text, out decimal? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var t = text.Trim().TrimEnd('%', '％').Replace('－', '-').Replace('．', '.');
        if (decimal.TryParse(t, NumberStyles.Number, Inv, out var v))
        {
            value = v;
            return true;
        }

        return false;
    }

    private static decimal? Required(string? text, string key, Dictionary<string, string> errors)
    {
        if (!TryNumber(text, out var v))
        {
            errors[key] = Ui.PlanNumberInvalid;
            return null;
        }

        if (v is null)
        {
            errors[key] = Ui.RulesRequired;
        }

        return v;
    }

    private static int? Whole(string? text, string key, Dictionary<string, string> errors)
    {
        var v = Required(text, key, errors);
        if (v is { } d && d != decimal.Truncate(d))
        {
            errors[key] = Ui.RulesWholeNumber;
            return null;
        }

        return v is { } w ? (int)w : null;
    }

    /// <summary>A percentage typed by the user (0–100 unless <paramref name="max"/> says otherwise) as the fraction the API keeps.</summary>
    private static decimal? Percent(string? text, string key, Dictionary<string, string> errors, decimal? max = 100m, bool required = false)
    {
        if (!TryNumber(text, out var v))
        {
            errors[key] = Ui.PlanNumberInvalid;
            return null;
        }

        if (v is null)
        {
            if (required)
            {
                errors[key] = Ui.RulesRequired;
            }

            return null;
        }

        if (v < 0 || (max is { } most && v > most))
        {
            errors[key] = max is null ? Ui.RulesPercentPositive : Ui.RulesPercentRange;
            return null;
        }

        return v / 100m;
    }
}

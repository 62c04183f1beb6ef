using System.Text.RegularExpressions;

namespace DistrictPerf.Modules.Reports.Legacy;

/// <summary>
/// 部门概况 facts: "内设科室 7 个，分别为办公室、…" / "内设办公室、规划科等 3 个科室", "下属事业单位 2 个，分别为 A 和 B",
/// and the numbered duties under a 职能配置 / 主要职能 heading. A count stated without the names is reported as
/// profile.sections or profile.subordinateUnits in NotExtracted; a profile the report does not mention is not.
/// </summary>
internal static partial class LegacyReportParser
{
    private const string CountWord = @"\d{1,3}|[一二两三四五六七八九十]{1,3}";

    private static LegacyProfile ParseProfile(string text, List<string> missing)
    {
        var (sectionCount, sections) = ReadNamedList(text, SectionsThenList(), ListThenSections(), SectionsCount());
        var (unitCount, units) = ReadNamedList(text, UnitsThenList(), ListThenUnits(), UnitsCount());
        if (NoUnits().IsMatch(text) && units.Count == 0)
        {
            unitCount ??= 0;
        }

        if (sectionCount is > 0 && sections.Count == 0)
        {
            missing.Add("profile.sections");
        }

        if (unitCount is > 0 && units.Count == 0)
        {
            missing.Add("profile.subordinateUnits");
        }

        return new LegacyProfile(sectionCount, sections, unitCount, units, ReadDuties(text));
    }

    private static (int? Count, List<string> Names) ReadNamedList(string text, Regex thenList, Regex listThen, Regex countOnly)
    {
        var m = thenList.Match(text);
        if (!m.Success)
        {
            m = listThen.Match(text);
        }

        if (m.Success)
        {
            var count = LegacyText.ParseSmallInt(m.Groups["n"].Value);
            return (count, SplitNames(m.Groups["list"].Value, count));
        }

        var c = countOnly.Match(text);
        return (c.Success ? LegacyText.ParseSmallInt(c.Groups["n"].Value) : null, []);
    }

    /// <summary>"办公室、园区策划科，企业建设科" → names; when fewer than the stated count, the last names are split at 和/及 too.</summary>
    private static List<string> SplitNames(string list, int? count)
    {
        var names = list.Split(['、', '，', ',', '；', ';'])
            .Select(n => LegacyText.TrimPunctuation(n).TrimEnd('等').Trim())
            .Where(n => n.Length > 0)
            .ToList();
        if (count is { } n && names.Count < n)
        {
            names = names.SelectMany(name => name.Split(["以及", "和", "及", "与"], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        }

        return names.Distinct().ToList();
    }

    /// <summary>The numbered items under a 职能配置 / 主要职能 heading (or the heading line's own text split at "；").</summary>
    private static List<string> ReadDuties(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var heading = DutiesHeading().Match(lines[i].Trim());
            if (!heading.Success)
            {
                continue;
            }

            var inline = LegacyText.TrimPunctuation(heading.Groups["rest"].Value);
            if (inline.Length > 0)
            {
                return inline.Split(['；', ';']).Select(LegacyText.TrimPunctuation).Where(d => d.Length > 0).Select(d => d + "。").ToList();
            }

            return ReadNumberedItems(lines, i + 1);
        }

        return [];
    }

    private static List<string> ReadNumberedItems(string[] lines, int start)
    {
        Regex? marker = null;
        var items = new List<List<string>>();
        var expected = 1;
        for (var i = start; i < lines.Length && i < start + 400; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (marker is null)
            {
                marker = new[] { ParenDigitItemMarker(), DigitItemMarker(), CircledItemMarker() }.FirstOrDefault(r => r.IsMatch(line));
                if (marker is null)
                {
                    // Duties written as one paragraph.
                    return line.Split(['；', ';']).Select(LegacyText.TrimPunctuation).Where(d => d.Length > 0).Select(d => d + "。").ToList();
                }
            }

            var m = marker.Match(line);
            if (m.Success && ItemNumber(line) == expected)
            {
                items.Add([line[m.Length..]]);
                expected++;
                continue;
            }

            if (m.Success || LegacyText.IsHeading(line) || OtherItemStart(line, marker) || items.Count == 0)
            {
                break;
            }

            items[^1].Add(line);
        }

        return items.Select(LegacyText.JoinLines).Where(d => d.Length > 0).ToList();
    }

    private static bool OtherItemStart(string line, Regex marker) =>
        new[] { ParenDigitItemMarker(), DigitItemMarker(), CircledItemMarker() }.Any(r => r != marker && r.IsMatch(line));

    private static int? ItemNumber(string line)
    {
        var m = ItemNumberPattern().Match(line);
        if (m.Success)
        {
            return int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        var c = line.TrimStart();
        return c.Length > 0 && c[0] is >= '①' and <= '⑳' ? c[0] - '①' + 1 : null;
    }

    [GeneratedRegex(@"^[(（]?(?<n>\d{1,2})[)）.、]")]
    private static partial Regex ItemNumberPattern();

    [GeneratedRegex(@"^\s*[①-⑳]\s*")]
    private static partial Regex CircledItemMarker();

    // "2. 职能配置", "（二）主要职能", "部门职责：负责……；负责……。"
    [GeneratedRegex(@"^(?:\d{1,2}[.、]|[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.])?\s*(?:部门|单位|主要)?(?:职能配置|主要职能|部门职能|职能职责|主要职责|部门职责|职责|职能)(?:情况)?\s*(?:[:：]\s*(?<rest>.*))?$")]
    private static partial Regex DutiesHeading();

    // "内设科室7个，分别为办公室、……。"
    [GeneratedRegex(@"内设(?:职能)?(?:机构|科室|处室|股室|部门)(?:共)?(?:(?<n>" + CountWord + @")个)?[^。\n：:]{0,6}?[，,：:]?\s*(?:分别(?:为|是)|包括|包含|有|为|是)[:：]?\s*(?<list>[^。\n]+)")]
    private static partial Regex SectionsThenList();

    // "内设办公室、规划科、执法科等3个科室"
    [GeneratedRegex(@"内设(?<list>[^。\n，,]{2,300}?)(?:等)?(?:共)?(?<n>" + CountWord + @")个(?:职能)?(?:机构|科室|处室|股室|部门)")]
    private static partial Regex ListThenSections();

    [GeneratedRegex(@"内设(?:职能)?(?:机构|科室|处室|股室|部门)(?:共)?(?<n>" + CountWord + @")个")]
    private static partial Regex SectionsCount();

    // "下属事业单位2个，分别为A和B。"
    [GeneratedRegex(@"(?:下属|所属|直属)(?:事业)?单位(?:共)?(?:(?<n>" + CountWord + @")个)?[^。\n：:]{0,6}?[，,：:]?\s*(?:分别(?:为|是)|包括|包含|有|为|是)[:：]?\s*(?<list>[^。\n]+)")]
    private static partial Regex UnitsThenList();

    // "下属广州市某某中心、某某所等2个事业单位"
    [GeneratedRegex(@"(?:下属|所属|直属)(?<list>[^。\n，,]{2,300}?)(?:等)?(?:共)?(?<n>" + CountWord + @")个(?:事业)?单位")]
    private static partial Regex ListThenUnits();

    [GeneratedRegex(@"(?:下属|所属|直属)(?:事业)?单位(?:共)?(?<n>" + CountWord + @")个")]
    private static partial Regex UnitsCount();

    [GeneratedRegex(@"(?:无|没有)(?:下属|所属|直属)(?:事业)?单位")]
    private static partial Regex NoUnits();
}

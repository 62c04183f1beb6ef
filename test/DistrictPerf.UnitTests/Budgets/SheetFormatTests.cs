using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Budgets.Import;

namespace DistrictPerf.UnitTests.Budgets;

public sealed class SheetFormatTests
{
    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(27, "AB")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void ColumnLetters_FollowExcel(int index, string letters)
    {
        SheetFormat.ColumnLetter(index).ShouldBe(letters);
    }

    [Fact]
    public void Amounts_ParseFromNumbersAndChineseStyleText()
    {
        SheetFormat.ParseAmount(1234.56d).ShouldBe(1234.56m);
        SheetFormat.ParseAmount("1,234.56").ShouldBe(1234.56m);
        SheetFormat.ParseAmount(" -20.5 ").ShouldBe(-20.5m);
        SheetFormat.ParseAmount("十万").ShouldBeNull();
        SheetFormat.ParseAmount(null).ShouldBeNull();
    }

    [Fact]
    public void Dates_ParseFromCellsAndCommonTexts()
    {
        SheetFormat.ParseDate(new DateTime(2021, 3, 5)).ShouldBe(new DateOnly(2021, 3, 5));
        SheetFormat.ParseDate("2021-03-05").ShouldBe(new DateOnly(2021, 3, 5));
        SheetFormat.ParseDate("2021/3/5").ShouldBe(new DateOnly(2021, 3, 5));
        SheetFormat.ParseDate("2021年3月5日").ShouldBe(new DateOnly(2021, 3, 5));
        SheetFormat.ParseDate(44260d).ShouldBe(new DateOnly(2021, 3, 5));
        SheetFormat.ParseDate("三月五日").ShouldBeNull();
    }

    [Fact]
    public void Labels_AreChineseFirst_WithEnglishAccepted()
    {
        SheetFormat.ParseKind("基本支出").ShouldBe(BudgetKind.Basic);
        SheetFormat.ParseKind("project").ShouldBe(BudgetKind.Project);
        SheetFormat.ParseKind("其他").ShouldBeNull();
        SheetFormat.KindOfSheet("支出").ShouldBe(SheetKind.Spending);
        SheetFormat.KindOfSheet("Lines").ShouldBe(SheetKind.Lines);
        SheetFormat.KindOfHeaders(["日期", "项目编码", "金额（元）", "凭证号", "摘要"]).ShouldBe(SheetKind.Spending);
        SheetFormat.KindOfHeaders(["项目编码", "项目名称", "支出类型", "资金来源", "年初预算(元)"]).ShouldBe(SheetKind.Lines);
        SheetFormat.ParseExclusion("").ShouldBe((true, null));
        SheetFormat.ParseExclusion("上级交办").Ok.ShouldBeTrue();
        SheetFormat.ParseExclusion("随便").Ok.ShouldBeFalse();
    }
}

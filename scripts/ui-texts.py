#!/usr/bin/env python3
"""Writes the web client's UI texts as resources: Localization/Ui.resx (Chinese, the default),
Ui.en.resx and the accessor Ui.g.cs. Edit TEXTS here, run `python3 scripts/ui-texts.py`, commit all three."""
import html, os
TEXTS = {
    "AppName": ("部门整体支出绩效管理平台", "Budget Performance Management"),
    "AppShort": ("绩效管理平台", "DistrictPerf"),
    "Language": ("English", "中文"),
    "SwitchLanguage": ("切换到英文界面", "Switch to Chinese"),
    "Year": ("年度", "Year"),
    "SignIn": ("登录", "Sign in"),
    "SignOut": ("退出登录", "Sign out"),
    "BureauCode": ("部门代码", "Bureau code"),
    "BureauCodeHint": ("财政局用户留空", "Leave empty for the finance bureau"),
    "UserName": ("用户名", "User name"),
    "Password": ("密码", "Password"),
    "Required": ("必填", "Required"),
    "SignInFailed": ("登录失败", "Sign-in failed"),
    "SessionEnded": ("登录已过期，请重新登录", "Your session has ended; please sign in again"),
    "Home": ("首页", "Home"),
    "Budgets": ("预算与支出", "Budget and spending"),
    "BudgetLines": ("预算项目", "Budget lines"),
    "HostWorkspace": ("财政局工作台", "Finance bureau workspace"),
    "HostWorkspaceSoon": ("财政局的比较、审核与预警页面正在迁移到新界面；在此之前请使用原工作台。", "The finance bureau's comparison, review and warning pages are moving to this application; until then use the previous workbench."),
    "OpenWorkbench": ("打开原工作台", "Open the previous workbench"),
    "Forbidden": ("无权访问", "Access denied"),
    "ForbiddenDetail": ("您的角色没有查看此页面的权限。", "Your role may not open this page."),
    "NotFound": ("页面不存在", "Page not found"),
    "BackHome": ("返回首页", "Back to the home page"),
    "Code": ("项目编码", "Code"),
    "Name": ("项目名称", "Name"),
    "Kind": ("支出类型", "Kind"),
    "KindBasic": ("基本支出", "Basic"),
    "KindProject": ("项目支出", "Project"),
    "FundingSource": ("资金来源", "Funding source"),
    "Initial": ("年初预算（元）", "Initial budget (yuan)"),
    "Actions": ("操作", "Actions"),
    "Add": ("新增", "Add"),
    "AddLine": ("新增预算项目", "Add a budget line"),
    "EditLine": ("修改预算项目", "Edit the budget line"),
    "Edit": ("修改", "Edit"),
    "Delete": ("删除", "Delete"),
    "DeleteConfirm": ("确定删除？", "Delete it?"),
    "Save": ("保存", "Save"),
    "Cancel": ("取消", "Cancel"),
    "Saved": ("已保存", "Saved"),
    "Deleted": ("已删除", "Deleted"),
    "Loading": ("加载中…", "Loading…"),
    "Reload": ("重新加载", "Reload"),
    "StaleTitle": ("数据已被他人修改", "Changed by someone else"),
    "StaleDetail": ("您打开之后，别人保存了这条记录。请重新加载，核对后再修改。", "Someone saved this record after you opened it. Reload, check it and edit again."),
    "UnsavedChanges": ("有未保存的修改，确定离开？", "You have unsaved changes. Leave anyway?"),
    "Adjusted": ("调整后预算", "Adjusted budget"),
    "Spending": ("累计支出", "Spending to date"),
    "ExecutionRate": ("预算执行率", "Execution rate"),
    "AdjustmentRate": ("预算调整率", "Adjustment rate"),
    "NoLines": ("本年度还没有预算项目", "No budget lines this year"),
    "Error": ("出错了", "Something went wrong"),
    "Total": ("共 {0} 条", "{0} in all"),
    "ExecutionCurve": ("预算执行进度（累计执行率与序时进度）", "Budget execution against time progress"),
    "TimeProgress": ("序时进度", "Time progress"),
    "SpendingEntries": ("支出明细", "Spending entries"),
    "MonthClosing": ("月度结账", "Month closing"),
    "Date": ("日期", "Date"),
    "Line": ("预算项目", "Budget line"),
    "Amount": ("金额（元）", "Amount (yuan)"),
    "Voucher": ("凭证号", "Voucher"),
    "Memo": ("摘要", "Memo"),
    "Reversal": ("冲销", "Reversal"),
    "ReversalOf": ("红字冲销：{0}", "Reversal: {0}"),
    "Month": ("月份", "Month"),
    "MonthName": ("{0}月", "Month {0}"),
    "AllMonths": ("全部月份", "All months"),
    "AllLines": ("全部项目", "All lines"),
    "AddSpending": ("录入支出", "Add spending"),
    "Reverse": ("冲销", "Reverse"),
    "ReverseTitle": ("冲销支出", "Reverse the entry"),
    "ReverseReason": ("冲销原因", "Reason"),
    "ReverseDate": ("冲销日期（不填则由系统确定）", "Reversal date (optional)"),
    "ReverseHint": ("已结账月份的支出不能修改或删除，只能红字冲销；原记录保留。", "Entries of a closed month cannot be changed or deleted, only reversed; the original stays."),
    "Reversed": ("已冲销", "Reversed"),
    "Closed": ("已结账", "Closed"),
    "Open": ("未结账", "Open"),
    "ClosedAt": ("结账时间", "Closed at"),
    "State": ("状态", "State"),
    "CloseMonth": ("结账", "Close"),
    "CloseMonthConfirm": ("结账后不能撤销，本月支出不能再修改或删除。确定结账？", "Closing is final: this month's entries can no longer be changed or deleted. Close it?"),
    "MonthsHint": ("结账后该月的支出和预算调整成为最终数据，更正只能以红字冲销进行。", "A closed month's spending and adjustments are final; corrections are reversing entries."),
    "Yes": ("是", "Yes"),
    "No": ("否", "No"),
}
here = os.path.join(os.path.dirname(__file__), "..", "src", "DistrictPerf.Web", "Localization")
os.makedirs(here, exist_ok=True)
head = '<?xml version="1.0" encoding="utf-8"?>\n<root>\n  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>\n  <resheader name="version"><value>2.0</value></resheader>\n  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>\n  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>\n'
for suffix, idx in (("", 0), (".en", 1)):
    with open(os.path.join(here, f"Ui{suffix}.resx"), "w", encoding="utf-8") as f:
        f.write(head)
        for k, v in TEXTS.items():
            f.write(f'  <data name="{k}" xml:space="preserve"><value>{html.escape(v[idx], quote=False)}</value></data>\n')
        f.write("</root>\n")
with open(os.path.join(here, "Ui.g.cs"), "w", encoding="utf-8") as f:
    f.write("// <auto-generated>Written by scripts/ui-texts.py from its TEXTS table; edit there.</auto-generated>\n")
    f.write("namespace DistrictPerf.Web.Localization;\n\n/// <summary>The web client's texts in the current UI culture (Chinese by default, English by the switch).</summary>\npublic static partial class Ui\n{\n")
    for k in TEXTS:
        f.write(f"    public static string {k} => Get(nameof({k}));\n\n")
    f.write("}\n")
print(len(TEXTS), "texts")

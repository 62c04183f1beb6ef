using DistrictPerf.Modules.Alerts.Domain;
using DistrictPerf.Modules.Alerts.Features;
using DistrictPerf.Modules.Budgets.Contracts;
using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Identity.Contracts;

namespace DistrictPerf.UnitTests.Alerts;

/// <summary>
/// The one de-duplication rule both write paths of the warning job use: a notification is sent once
/// per tenant × user × key (the unique index on Notifications). Before, the set-based path skipped a
/// (user, key) sent under any tenant while the per-bureau path looked at its own tenant only.
/// </summary>
public sealed class NotificationKeyTests
{
    private static readonly Guid BureauA = Guid.Parse("0196a000-0000-7000-8000-00000000000a");
    private static readonly Guid BureauB = Guid.Parse("0196a000-0000-7000-8000-00000000000b");
    private static readonly Guid User = Guid.Parse("0196a000-0000-7000-8000-0000000000e1");
    private const string Key = "warning:2031-06:Total:Red";

    private static NotificationToSend To(Guid? tenant, string title = "t") => new(tenant, User, null, Key, title, "b");

    [Fact]
    public void TheSameTenantUserAndKey_IsSentOnce()
    {
        NotificationKey.Unsent([To(BureauA)], [new NotificationKey(BureauA, User, Key)]).ShouldBeEmpty();
        NotificationKey.Unsent([To(BureauA, "first"), To(BureauA, "second")], []).ShouldHaveSingleItem().Title.ShouldBe("first");
    }

    [Fact]
    public void ARowOfAnotherTenant_DoesNotStandInForThisTenants()
    {
        // The old set-based path compared (user, key) only: these were skipped there and sent by the per-bureau path.
        NotificationKey.Unsent([To(BureauA)], [new NotificationKey(BureauB, User, Key)]).ShouldHaveSingleItem();
        NotificationKey.Unsent([To(BureauA)], [new NotificationKey(null, User, Key)]).ShouldHaveSingleItem();
        NotificationKey.Unsent([To(null)], [new NotificationKey(BureauA, User, Key)]).ShouldHaveSingleItem();
        NotificationKey.Unsent([To(null)], [new NotificationKey(null, User, Key)]).ShouldBeEmpty();
    }

    [Fact]
    public void ARerunOfTheSameEvaluation_SendsNothing()
    {
        var bureau = new BureauInfo(BureauA, "B01", "区教育局", "城区", true);
        var project = new BudgetTotals(1_200m, 0m, 0m, 100m);
        var month = new WarningMonthInputs(2031, 6, WarningSettings.Default, 0.5m, [new UserContact(Guid.NewGuid(), "reviewer", null, null)]);
        var inputs = new BureauWarningInputs(bureau, new BureauBudgetFigures(BureauA, project, BudgetTotals.Zero, project), [], [new UserContact(User, "editor", null, null)]);
        var first = WarningEvaluator.EvaluateBureau(month, inputs);
        first.Notifications.ShouldNotBeEmpty();

        // What the first run stored (read back as keys) holds back all of the second run's notifications, and nothing more.
        var second = WarningEvaluator.EvaluateBureau(month, inputs);
        NotificationKey.Unsent(second.Notifications, first.Notifications.Select(n => n.Key)).ShouldBeEmpty();
        NotificationKey.Unsent(second.Notifications, first.Notifications.Select(n => n.Key with { TenantId = BureauB })).ShouldBe(second.Notifications);
    }
}

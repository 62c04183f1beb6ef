using DistrictPerf.SharedKernel.Persistence;

namespace DistrictPerf.UnitTests.Persistence;

/// <summary>
/// How concurrent requests share the statement that reads the data versions: a request joins only a statement that has
/// not been sent yet (so it reads what was committed before it arrived), at most one statement per database is on its
/// way, and a statement's list of scopes is bounded.
/// </summary>
public sealed class DataVersionGateTests
{
    [Fact]
    public void A_lone_request_leads_and_waits_for_nothing()
    {
        var gate = new DataVersionReader.Gate();
        var (batch, previous) = gate.Join(["A", "host"]);
        previous.ShouldNotBeNull();
        previous!.IsCompleted.ShouldBeTrue();
        batch.Scopes.ShouldBe(["A", "host"], ignoreOrder: true);
    }

    [Fact]
    public void Requests_arriving_before_the_statement_is_sent_join_it_with_their_scopes()
    {
        var gate = new DataVersionReader.Gate();
        var (first, _) = gate.Join(["A", "host"]);
        var (joined, previous) = gate.Join(["B", "host"]);
        previous.ShouldBeNull();
        joined.ShouldBeSameAs(first);
        first.Scopes.ShouldBe(["A", "B", "host"], ignoreOrder: true);
    }

    [Fact]
    public void Once_sent_no_one_joins_and_the_next_statement_waits_for_it()
    {
        var gate = new DataVersionReader.Gate();
        var (first, _) = gate.Join(["A", "host"]);
        gate.Seal(first);

        var (second, previous) = gate.Join(["B", "host"]);
        second.ShouldNotBeSameAs(first);
        previous.ShouldBeSameAs(first.Done.Task);
        first.Scopes.ShouldNotContain("B");

        // Requests arriving while the first is on its way gather in the second.
        var (third, none) = gate.Join(["C", "host"]);
        none.ShouldBeNull();
        third.ShouldBeSameAs(second);

        first.Done.SetResult(new Dictionary<string, string>());
        gate.Seal(second);
        var (fourth, afterSecond) = gate.Join(["D", "host"]);
        fourth.ShouldNotBeSameAs(second);
        afterSecond.ShouldBeSameAs(second.Done.Task);
    }

    [Fact]
    public void A_full_statement_takes_no_more_scopes_the_next_one_gathers_them()
    {
        var gate = new DataVersionReader.Gate();
        var (first, _) = gate.Join(["host", "S0"]);
        for (var i = 1; i < DataVersionReader.MaxScopesPerStatement - 1; i++)
        {
            gate.Join([$"S{i}"]).Batch.ShouldBeSameAs(first);
        }

        first.Scopes.Count.ShouldBe(DataVersionReader.MaxScopesPerStatement);
        var (next, previous) = gate.Join(["X", "host"]);
        next.ShouldNotBeSameAs(first);
        previous.ShouldBeSameAs(first.Done.Task);
        first.Scopes.Count.ShouldBe(DataVersionReader.MaxScopesPerStatement);
    }
}

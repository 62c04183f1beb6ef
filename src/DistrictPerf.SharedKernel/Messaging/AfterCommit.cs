using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.SharedKernel.Messaging;

/// <summary>
/// Work that must only happen once the command's transaction has committed — e.g. evicting a
/// cache entry: evicted earlier, a concurrent request could re-read the old committed row and
/// cache it again. <see cref="UnitOfWorkBehavior{TMessage,TResponse}"/> runs the actions after the
/// commit and drops them on rollback; outside a transaction they run at once.
/// </summary>
public sealed class AfterCommit(DbContext db)
{
    private readonly List<Action> _actions = [];

    public void Add(Action action)
    {
        if (db.Database.CurrentTransaction is null)
        {
            action();
        }
        else
        {
            _actions.Add(action);
        }
    }

    internal void Run()
    {
        var actions = _actions.ToList();
        _actions.Clear();
        foreach (var action in actions)
        {
            action();
        }
    }

    internal void Discard() => _actions.Clear();
}

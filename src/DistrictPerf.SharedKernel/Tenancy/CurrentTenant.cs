namespace DistrictPerf.SharedKernel.Tenancy;

/// <summary>AsyncLocal-backed <see cref="ICurrentTenant"/>; safe to register as a singleton.</summary>
public sealed class CurrentTenant : ICurrentTenant
{
    private static readonly AsyncLocal<TenantHolder?> Current = new();

    public Guid? Id => Current.Value?.TenantId;

    public IReadOnlySet<Guid>? WritableTenants => Current.Value?.Writable;

    public IDisposable Change(Guid? tenantId)
    {
        var previous = Current.Value;
        Current.Value = new TenantHolder(tenantId, null);
        return new RestoreScope(previous);
    }

    public IDisposable AllowWritesFor(IReadOnlySet<Guid> tenantIds)
    {
        if (Id is not null)
        {
            throw new InvalidOperationException("Only the host may write on behalf of bureaus.");
        }

        var previous = Current.Value;
        Current.Value = new TenantHolder(null, tenantIds);
        return new RestoreScope(previous);
    }

    private sealed record TenantHolder(Guid? TenantId, IReadOnlySet<Guid>? Writable);

    private sealed class RestoreScope(TenantHolder? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Current.Value = previous;
        }
    }
}

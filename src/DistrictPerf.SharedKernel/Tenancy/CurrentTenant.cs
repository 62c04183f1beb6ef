namespace DistrictPerf.SharedKernel.Tenancy;

/// <summary>AsyncLocal-backed <see cref="ICurrentTenant"/>; safe to register as a singleton.</summary>
public sealed class CurrentTenant : ICurrentTenant
{
    private static readonly AsyncLocal<TenantHolder?> Current = new();

    public Guid? Id => Current.Value?.TenantId;

    public IDisposable Change(Guid? tenantId)
    {
        var previous = Current.Value;
        Current.Value = new TenantHolder(tenantId);
        return new RestoreScope(previous);
    }

    private sealed record TenantHolder(Guid? TenantId);

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

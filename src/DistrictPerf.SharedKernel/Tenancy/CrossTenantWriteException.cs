namespace DistrictPerf.SharedKernel.Tenancy;

/// <summary>Raised when a write would touch a row of a bureau other than the current one.</summary>
public sealed class CrossTenantWriteException(string entity, Guid? rowTenant, Guid? currentTenant)
    : InvalidOperationException(
        $"Refused to write {entity} of tenant '{rowTenant?.ToString() ?? "host"}' while acting in tenant '{currentTenant?.ToString() ?? "host"}'.");

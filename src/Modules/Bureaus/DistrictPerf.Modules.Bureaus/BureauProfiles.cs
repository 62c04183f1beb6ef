using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Bureaus.Domain;
using DistrictPerf.Modules.Bureaus.Features.Profile;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Localization;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Bureaus;

/// <summary>The profile written from a report's stated facts (legacy import with applyProfile=true); tenant-scoped, never saves.</summary>
internal sealed class BureauProfiles(DbContext db, ICurrentTenant currentTenant) : IBureauProfiles
{
    public async Task<bool> ApplyReportedAsync(ReportedProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var tenantId = currentTenant.Id ?? throw new ForbiddenException(SharedMessages.BureauContextMissing, ErrorCodes.BureauContextRequired);

        // Tenant filter applies: the current bureau's profile (created with the bureau; made here if it is missing).
        var stored = await db.Set<BureauProfile>().Include(p => p.Entries).FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            stored = new BureauProfile { TenantId = tenantId };
            db.Add(stored);
        }

        var written = false;
        written |= Replace(stored, ProfileEntryKind.Section, profile.Sections, UpdateProfileValidator.NameMaxLength);
        written |= Replace(stored, ProfileEntryKind.SubordinateUnit, profile.SubordinateUnits, UpdateProfileValidator.NameMaxLength);
        written |= Replace(stored, ProfileEntryKind.Duty, profile.Duties, ProfileEntry.TextMaxLength);
        if (written && db.Entry(stored).State != EntityState.Added)
        {
            // The profile row itself is written so that its concurrency stamp is renewed (an open editor must reload).
            db.Entry(stored).Property(p => p.Overview).IsModified = true;
        }

        return written;
    }

    private bool Replace(BureauProfile profile, ProfileEntryKind kind, IReadOnlyList<string> items, int maxLength)
    {
        var texts = items.Select(t => t.Trim()).Where(t => t.Length > 0).Select(t => t.Length <= maxLength ? t : t[..maxLength])
            .Distinct().Take(UpdateProfileValidator.MaxItems).ToList();
        if (texts.Count == 0)
        {
            return false;
        }

        var old = profile.Entries.Where(e => e.Kind == kind).ToList();
        var notes = old.GroupBy(e => e.Text).ToDictionary(g => g.Key, g => g.First().Note);
        foreach (var entry in old)
        {
            profile.Entries.Remove(entry);
            db.Remove(entry);
        }

        var order = 0;
        foreach (var text in texts)
        {
            var entry = new ProfileEntry { ProfileId = profile.Id, Kind = kind, Order = ++order, Text = text, Note = notes.GetValueOrDefault(text) };
            profile.Entries.Add(entry);
            db.Add(entry);
        }

        return true;
    }
}

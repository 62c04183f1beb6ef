using DistrictPerf.Modules.Bureaus.Contracts;
using DistrictPerf.Modules.Bureaus.Domain;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Bureaus;

/// <summary>Writes a bureau with a filled profile in one go (demo data and tests).</summary>
internal sealed class BureauSeeder(DbContext db, ICurrentTenant currentTenant, IBureauDirectory directory, UnitOfWork unitOfWork)
{
    public async Task<Guid> CreateAsync(
        string code, string name, string district, string? overview,
        IEnumerable<string> sections, IEnumerable<string> units, IEnumerable<string> duties,
        CancellationToken cancellationToken)
    {
        var bureau = new Bureau { Code = code.ToUpperInvariant(), Name = name, District = district };
        using (currentTenant.Change(null))
        {
            await unitOfWork.ExecuteAsync(_ =>
            {
                db.Add(bureau);
                return Task.CompletedTask;
            }, cancellationToken);
        }

        using (currentTenant.Change(bureau.Id))
        {
            await unitOfWork.ExecuteAsync(_ => AddProfile(overview, sections, units, duties), cancellationToken);
        }

        directory.Invalidate(bureau.Id);
        return bureau.Id;
    }

    private Task AddProfile(string? overview, IEnumerable<string> sections, IEnumerable<string> units, IEnumerable<string> duties)
    {
        var profile = new BureauProfile { Overview = overview };
        var order = 0;
        profile.Entries.AddRange(sections.Select(s => new ProfileEntry { ProfileId = profile.Id, Kind = ProfileEntryKind.Section, Order = ++order, Text = s }));
        order = 0;
        profile.Entries.AddRange(units.Select(s => new ProfileEntry { ProfileId = profile.Id, Kind = ProfileEntryKind.SubordinateUnit, Order = ++order, Text = s }));
        order = 0;
        profile.Entries.AddRange(duties.Select(s => new ProfileEntry { ProfileId = profile.Id, Kind = ProfileEntryKind.Duty, Order = ++order, Text = s }));
        db.Add(profile);
        return Task.CompletedTask;
    }
}

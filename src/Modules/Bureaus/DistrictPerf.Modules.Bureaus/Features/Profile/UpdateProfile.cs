using DistrictPerf.Modules.Bureaus.Domain;
using DistrictPerf.Modules.Bureaus.Localization;
using DistrictPerf.SharedKernel.Authorization;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Http;
using DistrictPerf.SharedKernel.Localization;
using DistrictPerf.SharedKernel.Persistence;
using DistrictPerf.SharedKernel.Tenancy;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.Modules.Bureaus.Features.Profile;

internal sealed record ProfileItemInput(string? Name, string? Note);

/// <summary>Replaces the current bureau's profile lists (whole-document PUT with a concurrency stamp).</summary>
internal sealed record UpdateProfile(
    string? Overview,
    IReadOnlyList<ProfileItemInput?>? Sections,
    IReadOnlyList<ProfileItemInput?>? SubordinateUnits,
    IReadOnlyList<string?>? Duties,
    string? ConcurrencyStamp) : ICommand<ProfileDto>;

internal sealed class UpdateProfileValidator : AbstractValidator<UpdateProfile>
{
    public const int MaxItems = 200;
    public const int NameMaxLength = 200;

    public UpdateProfileValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.ConcurrencyStamp).NotEmpty();
        RuleFor(x => x.Overview).MaximumLength(BureauProfile.OverviewMaxLength);
        RuleFor(x => x.Sections).NotNull().Must(l => l!.Count <= MaxItems).WithMessage(_ => BureausMessages.TooManyItems(MaxItems)).WithErrorCode("too_many_items");
        RuleFor(x => x.SubordinateUnits).NotNull().Must(l => l!.Count <= MaxItems).WithMessage(_ => BureausMessages.TooManyItems(MaxItems)).WithErrorCode("too_many_items");
        RuleFor(x => x.Duties).NotNull().Must(l => l!.Count <= MaxItems).WithMessage(_ => BureausMessages.TooManyItems(MaxItems)).WithErrorCode("too_many_items");
        RuleForEach(x => x.Sections).NotNull().ChildRules(ItemRules);
        RuleForEach(x => x.SubordinateUnits).NotNull().ChildRules(ItemRules);
        RuleForEach(x => x.Duties).NotEmpty().MaximumLength(ProfileEntry.TextMaxLength);
        RuleFor(x => x.Sections).Must(NoDuplicates!).When(x => x.Sections is not null)
            .WithMessage(_ => BureausMessages.SectionNamesDuplicate).WithErrorCode("bureaus.duplicate_names");
        RuleFor(x => x.SubordinateUnits).Must(NoDuplicates!).When(x => x.SubordinateUnits is not null)
            .WithMessage(_ => BureausMessages.UnitNamesDuplicate).WithErrorCode("bureaus.duplicate_names");
    }

    private static void ItemRules(InlineValidator<ProfileItemInput?> item)
    {
        item.RuleFor(i => i!.Name).NotEmpty().MaximumLength(NameMaxLength);
        item.RuleFor(i => i!.Note).MaximumLength(ProfileEntry.NoteMaxLength);
    }

    private static bool NoDuplicates(IReadOnlyList<ProfileItemInput?> items) =>
        items.Where(i => i?.Name is not null).GroupBy(i => i!.Name!.Trim()).All(g => g.Count() == 1);
}

internal sealed class UpdateProfileHandler(DbContext db, ICurrentTenant currentTenant) : ICommandHandler<UpdateProfile, ProfileDto>
{
    public async ValueTask<ProfileDto> Handle(UpdateProfile command, CancellationToken cancellationToken)
    {
        var tenantId = currentTenant.Id ?? throw new ForbiddenException(SharedMessages.BureauContextMissing, ErrorCodes.BureauContextRequired);
        var bureau = await db.Set<Bureau>().AsNoTracking().FirstAsync(b => b.Id == tenantId, cancellationToken);
        var profile = await db.Set<BureauProfile>().Include(p => p.Entries).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("BureauProfile", tenantId);
        db.ExpectConcurrencyStamp(profile, command.ConcurrencyStamp);

        db.RemoveRange(profile.Entries);
        profile.Entries.Clear();
        profile.Overview = string.IsNullOrWhiteSpace(command.Overview) ? null : command.Overview.Trim();
        Add(profile, ProfileEntryKind.Section, command.Sections!.Select(s => (s!.Name!, s.Note)));
        Add(profile, ProfileEntryKind.SubordinateUnit, command.SubordinateUnits!.Select(s => (s!.Name!, s.Note)));
        Add(profile, ProfileEntryKind.Duty, command.Duties!.Select(d => (d!, (string?)null)));

        // The profile row itself is always written so that its stamp is checked and renewed.
        db.Entry(profile).Property(p => p.Overview).IsModified = true;
        return ProfileDto.From(bureau, profile);
    }

    private void Add(BureauProfile profile, ProfileEntryKind kind, IEnumerable<(string Text, string? Note)> items)
    {
        var order = 0;
        foreach (var (text, note) in items)
        {
            var entry = new ProfileEntry
            {
                ProfileId = profile.Id,
                Kind = kind,
                Order = ++order,
                Text = text.Trim(),
                Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            };
            profile.Entries.Add(entry);
            db.Add(entry);
        }
    }

    internal static void Map(IEndpointRouteBuilder bureau) =>
        bureau.MapPut("/profile", async (UpdateProfile command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command, ct)))
            .RequirePermission(Permissions.ProfileEdit)
            .RequireBureauContext()
            .WithName("UpdateProfile")
            .WithSummary("更新本部门概况：内设科室、下属事业单位、职能配置 / Update the bureau profile")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}

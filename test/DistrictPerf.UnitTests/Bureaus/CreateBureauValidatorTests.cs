using DistrictPerf.Modules.Bureaus.Features.HostSide;

namespace DistrictPerf.UnitTests.Bureaus;

public sealed class CreateBureauValidatorTests
{
    private static readonly CreateBureauAdmin Admin = new("admin", "Good#Pass2026", "管理员", null);

    [Theory]
    [InlineData("BY-TZCJ", true)]
    [InlineData("a1", true)]
    [InlineData("-BAD", false)]
    [InlineData("BAD CODE", false)]
    [InlineData("白云", false)]
    [InlineData("", false)]
    [InlineData("ABCDEFGHIJABCDEFGHIJABCDEFGHIJAB", true)]
    [InlineData("ABCDEFGHIJABCDEFGHIJABCDEFGHIJABC", false)]
    public void Code_LettersDigitsHyphens_UpTo32(string code, bool valid)
    {
        var result = new CreateBureauValidator().Validate(new CreateBureau(code, "广州市白云区投资促进局", "广州市白云区", Admin));
        result.Errors.Any(e => e.PropertyName == "Code").ShouldBe(!valid);
    }

    [Fact]
    public void MissingAdmin_IsReportedOnce_WithoutCrashing()
    {
        var result = new CreateBureauValidator().Validate(new CreateBureau("OK", "局", "区", null));
        result.Errors.Select(e => e.PropertyName).ShouldBe(["Admin"]);
    }

    [Fact]
    public void InvalidAdminEmail_IsNamedWithItsPath()
    {
        var result = new CreateBureauValidator().Validate(new CreateBureau("OK", "局", "区", Admin with { Email = "nope" }));
        result.Errors.Select(e => e.PropertyName).ShouldBe(["Admin.Email"]);
    }
}

using DistrictPerf.Host.Infrastructure;
using DistrictPerf.SharedKernel.Errors;
using DistrictPerf.SharedKernel.Tenancy;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DistrictPerf.UnitTests.Http;

public sealed class ProblemMappingTests
{
    [Theory]
    [InlineData("Name", "name")]
    [InlineData("Admin.UserName", "admin.userName")]
    [InlineData("Sections[0].Name", "sections[0].name")]
    [InlineData("duties[3]", "duties[3]")]
    public void FieldNames_AreCamelCasedPerSegment(string path, string expected)
    {
        ProblemDetailsExceptionHandler.FieldName(path).ShouldBe(expected);
    }

    [Fact]
    public void ValidationFailures_Become400_NamingEveryField()
    {
        var exception = new ValidationException(
        [
            new ValidationFailure("Name", "必填"),
            new ValidationFailure("Admin.Password", "太短"),
            new ValidationFailure("Admin.Password", "缺少数字"),
        ]);

        var problem = ProblemDetailsExceptionHandler.Map(exception).ShouldBeOfType<ValidationProblemDetails>();

        problem.Status.ShouldBe(400);
        problem.Errors.Keys.ShouldBe(["name", "admin.password"], ignoreOrder: true);
        problem.Errors["admin.password"].ShouldBe(["太短", "缺少数字"]);
    }

    [Fact]
    public void MalformedJson_IsA400OnTheBody_AndATypeErrorNamesThePath()
    {
        var syntax = new BadHttpRequestException("Failed to read parameter", new System.Text.Json.JsonException("bad", "$", 0, 5));
        ProblemDetailsExceptionHandler.Map(syntax).ShouldBeOfType<ValidationProblemDetails>().Errors.Keys.ShouldBe(["body"]);

        var type = new BadHttpRequestException("Failed to read parameter", new System.Text.Json.JsonException("bad", "$.admin.userName", 0, 5));
        ProblemDetailsExceptionHandler.Map(type).ShouldBeOfType<ValidationProblemDetails>().Errors.Keys.ShouldBe(["admin.userName"]);
    }

    [Fact]
    public void UnbindableQueryValue_NamesTheParameter()
    {
        var exception = new BadHttpRequestException("Failed to bind parameter \"Nullable<BureauStatus> status\" from \"Sleeping\".");
        var problem = ProblemDetailsExceptionHandler.Map(exception).ShouldBeOfType<ValidationProblemDetails>();
        problem.Errors.Keys.ShouldBe(["status"]);
    }

    [Fact]
    public void DomainErrors_MapToTheirStatus()
    {
        ProblemDetailsExceptionHandler.Map(new NotFoundException("User", Guid.Empty)).Status.ShouldBe(404);
        ProblemDetailsExceptionHandler.Map(new ForbiddenException("no")).Status.ShouldBe(403);
        var conflict = ProblemDetailsExceptionHandler.Map(new ConflictException("stale", "concurrencyStamp"));
        conflict.Status.ShouldBe(409);
        conflict.Extensions["field"].ShouldBe("concurrencyStamp");
        ProblemDetailsExceptionHandler.Map(new DbUpdateConcurrencyException("x")).Status.ShouldBe(409);
        ProblemDetailsExceptionHandler.Map(new CrossTenantWriteException("X", Guid.NewGuid(), null)).Status.ShouldBe(403);
    }

    [Fact]
    public void EveryProblem_CarriesAStableCode_AndValidationProblemsCarryFieldCodes()
    {
        Code(new NotFoundException("User", Guid.Empty)).ShouldBe("not_found");
        Code(new ForbiddenException("no")).ShouldBe("forbidden");
        Code(new ConflictException("taken", "code", "conflict.budgets.line_code_exists")).ShouldBe("conflict.budgets.line_code_exists");
        Code(ConflictException.Concurrency()).ShouldBe("conflict.concurrency");
        Code(new DbUpdateConcurrencyException("x")).ShouldBe("conflict.concurrency");
        Code(new CrossTenantWriteException("X", Guid.NewGuid(), null)).ShouldBe("forbidden.cross_tenant_write");
        Code(new InvalidOperationException("bug")).ShouldBe("internal_error");

        var validation = ProblemDetailsExceptionHandler.Map(new ValidationException(
        [
            new ValidationFailure("Code", "'code' 不能为空。") { ErrorCode = "NotEmptyValidator" },
            new ValidationFailure("Admin.Password", "太短") { ErrorCode = "MinimumLengthValidator" },
            new ValidationFailure("Admin.Password", "缺少数字") { ErrorCode = "identity.digit" },
        ]));
        validation.Extensions["code"].ShouldBe("validation_failed");
        var fieldCodes = validation.Extensions["fieldCodes"].ShouldBeOfType<Dictionary<string, string[]>>();
        fieldCodes["code"].ShouldBe(["NotEmptyValidator"]);
        fieldCodes["admin.password"].ShouldBe(["MinimumLengthValidator", "identity.digit"]);

        var field = ProblemDetailsExceptionHandler.Map(new FieldValidationException("mainTaskId", "没有这个主要任务", "budgets.main_task_unknown"));
        field.Extensions["code"].ShouldBe("validation_failed");
        field.Extensions["fieldCodes"].ShouldBeOfType<Dictionary<string, string[]>>()["mainTaskId"].ShouldBe(["budgets.main_task_unknown"]);

        static object? Code(Exception e) => ProblemDetailsExceptionHandler.Map(e).Extensions["code"];
    }

    [Fact]
    public void Bugs_Become500_WithoutTheExceptionMessage()
    {
        var problem = ProblemDetailsExceptionHandler.Map(new InvalidOperationException("secret connection string"));
        problem.Status.ShouldBe(500);
        problem.Detail!.ShouldNotContain("secret");
    }
}

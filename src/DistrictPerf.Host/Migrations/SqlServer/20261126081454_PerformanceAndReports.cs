using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DistrictPerf.Host.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PerformanceAndReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MainTasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    FiscalYear = table.Column<int>(type: "int", nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ExpectedGoal = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Completion = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    FundsFen = table.Column<long>(type: "bigint", nullable: false),
                    DeclaredIndicatorCount = table.Column<int>(type: "int", nullable: true),
                    DeclaredIndicatorNames = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ModifiedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ModifiedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MainTasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PerformanceGoals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    FiscalYear = table.Column<int>(type: "int", nullable: false),
                    OverallGoal = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    QuantitativeTargets = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ModifiedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ModifiedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PerformanceGoals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportTransitions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ReportId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    From = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    To = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    By = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ByName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Comment = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportTransitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ScoringRuleSets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FiscalYear = table.Column<int>(type: "int", nullable: false),
                    RulesJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ConcurrencyStamp = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ModifiedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ModifiedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScoringRuleSets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SelfEvaluationReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    FiscalYear = table.Column<int>(type: "int", nullable: false),
                    Revision = table.Column<int>(type: "int", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    BasicInfo = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Evaluation = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Problems = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Measures = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    SelfScore = table.Column<decimal>(type: "decimal(7,2)", precision: 7, scale: 2, nullable: true),
                    SelfGrade = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: true),
                    ReportedFiguresJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    NotExtractedJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ReviewComment = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    SubmittedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SubmittedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ReviewedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SnapshotJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ModifiedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ModifiedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SelfEvaluationReports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Indicators",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    FiscalYear = table.Column<int>(type: "int", nullable: false),
                    TaskId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Order = table.Column<int>(type: "int", nullable: false),
                    Level1 = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    Level2 = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Direction = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    Target = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    AdjustedTarget = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Actual = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Weight = table.Column<decimal>(type: "decimal(9,4)", precision: 9, scale: 4, nullable: false),
                    IsCore = table.Column<bool>(type: "bit", nullable: false),
                    Rating = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    Share = table.Column<decimal>(type: "decimal(9,4)", precision: 9, scale: 4, nullable: true),
                    DeviationReason = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    ImprovementMeasure = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    OverAchievementExplanation = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ModifiedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ModifiedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Indicators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Indicators_MainTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "MainTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Indicators_TaskId",
                table: "Indicators",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_Indicators_TenantId_FiscalYear_TaskId_Order",
                table: "Indicators",
                columns: new[] { "TenantId", "FiscalYear", "TaskId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_MainTasks_TenantId_FiscalYear_Number",
                table: "MainTasks",
                columns: new[] { "TenantId", "FiscalYear", "Number" },
                unique: true,
                filter: "[TenantId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PerformanceGoals_TenantId_FiscalYear",
                table: "PerformanceGoals",
                columns: new[] { "TenantId", "FiscalYear" },
                unique: true,
                filter: "[TenantId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ReportTransitions_TenantId_ReportId",
                table: "ReportTransitions",
                columns: new[] { "TenantId", "ReportId" });

            migrationBuilder.CreateIndex(
                name: "IX_ScoringRuleSets_FiscalYear",
                table: "ScoringRuleSets",
                column: "FiscalYear",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SelfEvaluationReports_FiscalYear_Status",
                table: "SelfEvaluationReports",
                columns: new[] { "FiscalYear", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_SelfEvaluationReports_TenantId_FiscalYear_Revision",
                table: "SelfEvaluationReports",
                columns: new[] { "TenantId", "FiscalYear", "Revision" },
                unique: true,
                filter: "[TenantId] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Indicators");

            migrationBuilder.DropTable(
                name: "PerformanceGoals");

            migrationBuilder.DropTable(
                name: "ReportTransitions");

            migrationBuilder.DropTable(
                name: "ScoringRuleSets");

            migrationBuilder.DropTable(
                name: "SelfEvaluationReports");

            migrationBuilder.DropTable(
                name: "MainTasks");
        }
    }
}

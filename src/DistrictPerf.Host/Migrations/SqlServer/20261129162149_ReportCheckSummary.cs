using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DistrictPerf.Host.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReportCheckSummary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CheckedAt",
                table: "SelfEvaluationReports",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CheckedErrors",
                table: "SelfEvaluationReports",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CheckedGrade",
                table: "SelfEvaluationReports",
                type: "nvarchar(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "CheckedScore",
                table: "SelfEvaluationReports",
                type: "decimal(7,2)",
                precision: 7,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CheckedWarnings",
                table: "SelfEvaluationReports",
                type: "int",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CheckedAt",
                table: "SelfEvaluationReports");

            migrationBuilder.DropColumn(
                name: "CheckedErrors",
                table: "SelfEvaluationReports");

            migrationBuilder.DropColumn(
                name: "CheckedGrade",
                table: "SelfEvaluationReports");

            migrationBuilder.DropColumn(
                name: "CheckedScore",
                table: "SelfEvaluationReports");

            migrationBuilder.DropColumn(
                name: "CheckedWarnings",
                table: "SelfEvaluationReports");
        }
    }
}

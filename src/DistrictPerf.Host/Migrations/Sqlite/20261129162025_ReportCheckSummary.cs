using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DistrictPerf.Host.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CheckedErrors",
                table: "SelfEvaluationReports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CheckedGrade",
                table: "SelfEvaluationReports",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "CheckedScore",
                table: "SelfEvaluationReports",
                type: "TEXT",
                precision: 7,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CheckedWarnings",
                table: "SelfEvaluationReports",
                type: "INTEGER",
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

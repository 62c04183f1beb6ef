using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DistrictPerf.Host.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ImportJobsAcrossReplicas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "BudgetImportJobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Culture",
                table: "BudgetImportJobs",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "HeartbeatAt",
                table: "BudgetImportJobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Phase",
                table: "BudgetImportJobs",
                type: "TEXT",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RowsToWrite",
                table: "BudgetImportJobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RowsWritten",
                table: "BudgetImportJobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "RunnerId",
                table: "BudgetImportJobs",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BudgetImportFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BudgetImportFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BudgetImportFiles_BudgetImportJobs_Id",
                        column: x => x.Id,
                        principalTable: "BudgetImportJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BudgetImportJobs_Status_HeartbeatAt",
                table: "BudgetImportJobs",
                columns: new[] { "Status", "HeartbeatAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BudgetImportFiles_TenantId",
                table: "BudgetImportFiles",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BudgetImportFiles");

            migrationBuilder.DropIndex(
                name: "IX_BudgetImportJobs_Status_HeartbeatAt",
                table: "BudgetImportJobs");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "BudgetImportJobs");

            migrationBuilder.DropColumn(
                name: "Culture",
                table: "BudgetImportJobs");

            migrationBuilder.DropColumn(
                name: "HeartbeatAt",
                table: "BudgetImportJobs");

            migrationBuilder.DropColumn(
                name: "Phase",
                table: "BudgetImportJobs");

            migrationBuilder.DropColumn(
                name: "RowsToWrite",
                table: "BudgetImportJobs");

            migrationBuilder.DropColumn(
                name: "RowsWritten",
                table: "BudgetImportJobs");

            migrationBuilder.DropColumn(
                name: "RunnerId",
                table: "BudgetImportJobs");
        }
    }
}

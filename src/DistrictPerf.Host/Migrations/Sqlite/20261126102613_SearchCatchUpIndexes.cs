using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DistrictPerf.Host.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchCatchUpIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_SelfEvaluationReports_CreatedAt",
                table: "SelfEvaluationReports",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SelfEvaluationReports_ModifiedAt",
                table: "SelfEvaluationReports",
                column: "ModifiedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SelfEvaluationReports_CreatedAt",
                table: "SelfEvaluationReports");

            migrationBuilder.DropIndex(
                name: "IX_SelfEvaluationReports_ModifiedAt",
                table: "SelfEvaluationReports");
        }
    }
}

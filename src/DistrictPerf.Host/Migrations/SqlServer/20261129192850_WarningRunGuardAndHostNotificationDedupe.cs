using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DistrictPerf.Host.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class WarningRunGuardAndHostNotificationDedupe : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Before the guard existed a month could have several unfinished runs (a failed attempt
            // could leave its run open): all but the newest are closed as abandoned, so the index
            // admitting one unfinished run per month can be created. Same SQL on SQLite and SQL Server.
            migrationBuilder.Sql(
                "UPDATE WarningRuns SET FinishedAt = StartedAt, FailuresJson = '[{\"bureauId\":null,\"code\":null,\"error\":\"Abandoned\"}]' " +
                "WHERE FinishedAt IS NULL AND Id IN (SELECT d.Id FROM (SELECT Id, ROW_NUMBER() OVER (PARTITION BY FiscalYear, Month ORDER BY StartedAt DESC) AS rn " +
                "FROM WarningRuns WHERE FinishedAt IS NULL) AS d WHERE d.rn > 1);");

            // Host-level notifications (TenantId null) were outside the de-duplicating index on both
            // providers: the earliest of each user × key is kept.
            migrationBuilder.Sql(
                "DELETE FROM Notifications WHERE Id IN (SELECT d.Id FROM (SELECT Id, ROW_NUMBER() OVER (PARTITION BY UserId, DedupeKey ORDER BY CreatedAt, Id) AS rn " +
                "FROM Notifications WHERE TenantId IS NULL) AS d WHERE d.rn > 1);");

            migrationBuilder.CreateIndex(
                name: "IX_WarningRuns_OneOpenPerMonth",
                table: "WarningRuns",
                columns: new[] { "FiscalYear", "Month" },
                unique: true,
                filter: "FinishedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_HostLevel_UserId_DedupeKey",
                table: "Notifications",
                columns: new[] { "UserId", "DedupeKey" },
                unique: true,
                filter: "TenantId IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WarningRuns_OneOpenPerMonth",
                table: "WarningRuns");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_HostLevel_UserId_DedupeKey",
                table: "Notifications");
        }
    }
}

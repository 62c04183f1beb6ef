using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DistrictPerf.Host.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class UnroundedWarningRates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<decimal>(
                name: "TimeProgress",
                table: "BudgetWarnings",
                type: "decimal(38,28)",
                precision: 38,
                scale: 28,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "decimal(18,10)",
                oldPrecision: 18,
                oldScale: 10);

            migrationBuilder.AlterColumn<decimal>(
                name: "ProjectedYearEndRate",
                table: "BudgetWarnings",
                type: "decimal(38,28)",
                precision: 38,
                scale: 28,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "decimal(18,10)",
                oldPrecision: 18,
                oldScale: 10,
                oldNullable: true);

            migrationBuilder.AlterColumn<decimal>(
                name: "GapPoints",
                table: "BudgetWarnings",
                type: "decimal(38,26)",
                precision: 38,
                scale: 26,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "decimal(18,8)",
                oldPrecision: 18,
                oldScale: 8,
                oldNullable: true);

            migrationBuilder.AlterColumn<decimal>(
                name: "ExecutionRate",
                table: "BudgetWarnings",
                type: "decimal(38,28)",
                precision: 38,
                scale: 28,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "decimal(18,10)",
                oldPrecision: 18,
                oldScale: 10,
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<decimal>(
                name: "TimeProgress",
                table: "BudgetWarnings",
                type: "decimal(18,10)",
                precision: 18,
                scale: 10,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "decimal(38,28)",
                oldPrecision: 38,
                oldScale: 28);

            migrationBuilder.AlterColumn<decimal>(
                name: "ProjectedYearEndRate",
                table: "BudgetWarnings",
                type: "decimal(18,10)",
                precision: 18,
                scale: 10,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "decimal(38,28)",
                oldPrecision: 38,
                oldScale: 28,
                oldNullable: true);

            migrationBuilder.AlterColumn<decimal>(
                name: "GapPoints",
                table: "BudgetWarnings",
                type: "decimal(18,8)",
                precision: 18,
                scale: 8,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "decimal(38,26)",
                oldPrecision: 38,
                oldScale: 26,
                oldNullable: true);

            migrationBuilder.AlterColumn<decimal>(
                name: "ExecutionRate",
                table: "BudgetWarnings",
                type: "decimal(18,10)",
                precision: 18,
                scale: 10,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "decimal(38,28)",
                oldPrecision: 38,
                oldScale: 28,
                oldNullable: true);
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DistrictPerf.Host.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UnroundedWarningRates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}

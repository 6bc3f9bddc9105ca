using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ScoringIdsAndWorkLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "ScoringTasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "IdColumn",
                table: "ScoringTasks",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LeaseExpiresAt",
                table: "ScoringTasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CheckAttempts",
                table: "Datasets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "CheckLeaseExpiresAt",
                table: "Datasets",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "ScoringTasks");

            migrationBuilder.DropColumn(
                name: "IdColumn",
                table: "ScoringTasks");

            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "ScoringTasks");

            migrationBuilder.DropColumn(
                name: "CheckAttempts",
                table: "Datasets");

            migrationBuilder.DropColumn(
                name: "CheckLeaseExpiresAt",
                table: "Datasets");
        }
    }
}

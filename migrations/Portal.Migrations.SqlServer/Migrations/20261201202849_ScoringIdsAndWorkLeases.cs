using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.SqlServer.Migrations
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
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "IdColumn",
                table: "ScoringTasks",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LeaseExpiresAt",
                table: "ScoringTasks",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CheckAttempts",
                table: "Datasets",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CheckLeaseExpiresAt",
                table: "Datasets",
                type: "datetimeoffset",
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.PostgreSql.Migrations
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
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "IdColumn",
                table: "ScoringTasks",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LeaseExpiresAt",
                table: "ScoringTasks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CheckAttempts",
                table: "Datasets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CheckLeaseExpiresAt",
                table: "Datasets",
                type: "timestamp with time zone",
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

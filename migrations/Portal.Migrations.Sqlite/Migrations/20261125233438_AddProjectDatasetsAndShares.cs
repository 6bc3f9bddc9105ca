using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddProjectDatasetsAndShares : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ProjectId",
                table: "Shares",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ProjectId",
                table: "Datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Shares_ProjectId",
                table: "Shares",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Datasets_ProjectId",
                table: "Datasets",
                column: "ProjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Shares_ProjectId",
                table: "Shares");

            migrationBuilder.DropIndex(
                name: "IX_Datasets_ProjectId",
                table: "Datasets");

            migrationBuilder.DropColumn(
                name: "ProjectId",
                table: "Shares");

            migrationBuilder.DropColumn(
                name: "ProjectId",
                table: "Datasets");
        }
    }
}

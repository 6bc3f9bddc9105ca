using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AddDatasetBackgroundCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProblemJson",
                table: "Datasets",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Progress",
                table: "Datasets",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "SourceLanguage",
                table: "Datasets",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Datasets",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TargetLanguage",
                table: "Datasets",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProblemJson",
                table: "Datasets");

            migrationBuilder.DropColumn(
                name: "Progress",
                table: "Datasets");

            migrationBuilder.DropColumn(
                name: "SourceLanguage",
                table: "Datasets");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Datasets");

            migrationBuilder.DropColumn(
                name: "TargetLanguage",
                table: "Datasets");
        }
    }
}

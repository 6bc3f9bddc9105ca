using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RunLogLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunLogLines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RunMetrics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunMetrics", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Task = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SpecificationJson = table.Column<string>(type: "TEXT", nullable: false),
                    DevicePreference = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Queue = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SourceRunId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Host = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Device = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    LeaseHolder = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    LeaseExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CancelRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    ComputeSeconds = table.Column<double>(type: "REAL", nullable: false),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Epoch = table.Column<int>(type: "INTEGER", nullable: false),
                    Epochs = table.Column<int>(type: "INTEGER", nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    StepsPerEpoch = table.Column<int>(type: "INTEGER", nullable: false),
                    EtaSeconds = table.Column<double>(type: "REAL", nullable: true),
                    ErrorCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: true),
                    ModelPath = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkerHosts",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OperatingSystem = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TorchBackend = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Device = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    HasGpu = table.Column<bool>(type: "INTEGER", nullable: false),
                    Queues = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WorkerCount = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkerHosts", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RunLogLines_RunId_Id",
                table: "RunLogLines",
                columns: new[] { "RunId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RunMetrics_RunId_Name_Step",
                table: "RunMetrics",
                columns: new[] { "RunId", "Name", "Step" });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_DatasetId",
                table: "Runs",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_OwnerId_CreatedAt",
                table: "Runs",
                columns: new[] { "OwnerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Status_Queue_CreatedAt",
                table: "Runs",
                columns: new[] { "Status", "Queue", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RunLogLines");

            migrationBuilder.DropTable(
                name: "RunMetrics");

            migrationBuilder.DropTable(
                name: "Runs");

            migrationBuilder.DropTable(
                name: "WorkerHosts");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.Migrations.Tenant
{
    /// <inheritdoc />
    public partial class ServiceRatings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RatingResponses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    TenantId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    RatingId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    Kind = table.Column<string>(type: "varchar(10)", maxLength: 10, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Note = table.Column<string>(type: "varchar(1000)", maxLength: 1000, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    By = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    At = table.Column<DateTimeOffset>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RatingResponses", x => x.Id);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "ServiceRatings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    TenantId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    StepId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    Step = table.Column<string>(type: "varchar(20)", maxLength: 20, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    OrganisationId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    Round = table.Column<int>(type: "int", nullable: false),
                    Level = table.Column<string>(type: "varchar(20)", maxLength: 20, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    TagsJson = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Comment = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    RaterId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    At = table.Column<DateTimeOffset>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceRatings", x => x.Id);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_RatingResponses_TenantId_RatingId_Kind",
                table: "RatingResponses",
                columns: new[] { "TenantId", "RatingId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRatings_TenantId_At",
                table: "ServiceRatings",
                columns: new[] { "TenantId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRatings_TenantId_StepId_Round",
                table: "ServiceRatings",
                columns: new[] { "TenantId", "StepId", "Round" },
                unique: true);

            // Ratings and the secretariat's responses are never changed once given.
            foreach (var table in new[] { "ServiceRatings", "RatingResponses" })
            {
                foreach (var action in new[] { "UPDATE", "DELETE" })
                {
                    migrationBuilder.Sql(
                        $"CREATE TRIGGER trg_{table}_no_{action.ToLowerInvariant()} BEFORE {action} ON {table} FOR EACH ROW " +
                        $"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'These rows are append-only';");
                }
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "ServiceRatings", "RatingResponses" })
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS trg_{table}_no_update;");
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS trg_{table}_no_delete;");
            }

            migrationBuilder.DropTable(
                name: "RatingResponses");

            migrationBuilder.DropTable(
                name: "ServiceRatings");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityFund.Migrations.Catalog
{
    /// <inheritdoc />
    public partial class SignInFailureCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SignInFailureCounts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "varchar(191)", maxLength: 191, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Failures = table.Column<int>(type: "int", nullable: false),
                    LastFailureAt = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInFailureCounts", x => x.Key);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_SignInFailureCounts_LastFailureAt",
                table: "SignInFailureCounts",
                column: "LastFailureAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignInFailureCounts");
        }
    }
}

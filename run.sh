#!/usr/bin/env bash
# ./run.sh       start MariaDB (127.0.0.1:3307, data in .data/), migrate, load demo data, serve http://127.0.0.1:5000
# ./run.sh stop  stop that MariaDB server
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

DB_DIR="$PWD/.data/mariadb"
DB_PORT=3307
export ConnectionStrings__Default="Server=127.0.0.1;Port=$DB_PORT;Database=communityfund;User=communityfund;Password=communityfund-dev;CharSet=utf8mb4"

if [ "${1:-}" = "stop" ]; then
  db_stop "$DB_DIR"
  echo "MariaDB stopped."
  exit 0
fi

ensure_packages "$(mariadbd_bin):mariadb-server" mariadb:mariadb-client
db_start "$DB_DIR" "$DB_PORT"
db_sql "$DB_DIR" "
  CREATE DATABASE IF NOT EXISTS communityfund CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
  CREATE USER IF NOT EXISTS 'communityfund'@'127.0.0.1' IDENTIFIED BY 'communityfund-dev';
  CREATE USER IF NOT EXISTS 'communityfund'@'localhost' IDENTIFIED BY 'communityfund-dev';
  GRANT ALL PRIVILEGES ON communityfund.* TO 'communityfund'@'127.0.0.1';
  GRANT ALL PRIVILEGES ON communityfund.* TO 'communityfund'@'localhost';"

echo "==> building"
dotnet build CommunityFund.sln -c Release -nologo -v q
echo "==> applying migrations and loading demo data"
mkdir -p .data
# The demo's claim receipts go where the site (content root src/CommunityFund.Web) keeps its uploads.
Files__Root="$PWD/src/CommunityFund.Web/.data/files" \
  dotnet migrations/CommunityFund.Migrations/bin/Release/net10.0/CommunityFund.Migrations.dll migrate seed-demo | tee .data/demo-logins.txt

echo
echo "==> CommunityFund is starting on http://127.0.0.1:5000  (Ctrl+C to stop the site; ./run.sh stop stops the database)"
echo "    Demo logins are above (also in .data/demo-logins.txt)."
export ASPNETCORE_ENVIRONMENT=Development
export Mail__PickupDirectory="$PWD/.data/mail"
cd src/CommunityFund.Web
exec dotnet bin/Release/net10.0/CommunityFund.Web.dll --urls http://127.0.0.1:5000

#!/usr/bin/env bash
# bench/run.sh [--entries N] [--seconds S] [--writers W] — the ledger growth and load benchmark.
# Starts its own MariaDB (like test.sh), runs the benchmark and writes bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_packages "$(mariadbd_bin):mariadb-server" mariadb:mariadb-client
export CF_DB_BUFFER_POOL=2G  # the whole 1M-entry journal fits in memory, as on a production database server
WORK=$(mktemp -d /tmp/communityfund-bench.XXXXXX)
DB_PORT=$(free_port)
cleanup() { db_stop "$WORK"; sleep 1; as_root rm -rf "$WORK"; }
trap cleanup EXIT
db_start "$WORK" "$DB_PORT"
db_sql "$WORK" "
  CREATE USER 'cf_bench'@'127.0.0.1' IDENTIFIED BY 'cf_bench';
  GRANT ALL PRIVILEGES ON *.* TO 'cf_bench'@'127.0.0.1';
  SET GLOBAL innodb_flush_log_at_trx_commit = 1;"
export CF_BENCH_MYSQL="Server=127.0.0.1;Port=$DB_PORT;User=cf_bench;Password=cf_bench;CharSet=utf8mb4"

dotnet build bench/CommunityFund.Bench -c Release -nologo -v q
dotnet bench/CommunityFund.Bench/bin/Release/net10.0/CommunityFund.Bench.dll --output bench/RESULTS.md "$@"

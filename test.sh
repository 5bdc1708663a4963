#!/usr/bin/env bash
# ./test.sh — installs what it needs (apt), starts a throwaway MariaDB, builds, runs the unit/integration tests and
# the browser tests in Chromium, stops the database (even on failure) and prints one line of totals.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

ensure_packages "$(mariadbd_bin):mariadb-server" mariadb:mariadb-client /usr/bin/chromium:chromium \
  /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk ledger:ledger

WORK=$(mktemp -d /tmp/communityfund-test.XXXXXX)
DB_PORT=$(free_port)
cleanup() { db_stop "$WORK"; sleep 1; as_root rm -rf "$WORK"; }
trap cleanup EXIT

db_start "$WORK" "$DB_PORT"
db_sql "$WORK" "
  CREATE USER 'cf_test'@'127.0.0.1' IDENTIFIED BY 'cf_test';
  CREATE USER 'cf_test'@'localhost' IDENTIFIED BY 'cf_test';
  GRANT ALL PRIVILEGES ON *.* TO 'cf_test'@'127.0.0.1' WITH GRANT OPTION;
  GRANT ALL PRIVILEGES ON *.* TO 'cf_test'@'localhost' WITH GRANT OPTION;"
export CF_TEST_MYSQL="Server=127.0.0.1;Port=$DB_PORT;User=cf_test;Password=cf_test;CharSet=utf8mb4"
export CF_CHROMIUM=/usr/bin/chromium

echo "==> building"
dotnet build CommunityFund.sln -c Release -nologo -v q

RESULTS="$PWD/TestResults"
rm -rf "$RESULTS"
status=0
for project in tests/unit/CommunityFund.UnitTests tests/e2e/CommunityFund.E2ETests; do
  name=$(basename "$project")
  echo "==> $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$RESULTS/$name" || status=1
done

passed=0; failed=0; total=0
for trx in "$RESULTS"/*/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  total=$((total + ${t:-0})); passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# A test run that crashed before writing its results still counts as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
skipped=$((total - passed - failed)); [ "$skipped" -lt 0 ] && skipped=0
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status

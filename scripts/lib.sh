# Shared helpers for run.sh and test.sh: Debian packages and a private MariaDB server.
# shellcheck shell=bash

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ensure_packages CMD_OR_PATH:PACKAGE ... — installs each package whose command/path is missing.
ensure_packages() {
  local missing=() item probe pkg
  for item in "$@"; do
    probe=${item%%:*}; pkg=${item#*:}
    if [[ $probe == /* ]]; then [ -e "$probe" ] || missing+=("$pkg")
    else command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg"); fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing ${missing[*]} (apt)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

mariadbd_bin() { command -v mariadbd || echo /usr/sbin/mariadbd; }

# db_start DIR PORT — starts (or reuses) a MariaDB server whose data, socket and pid live in DIR.
db_start() {
  local dir=$1 port=$2
  export PATH="$PATH:/usr/sbin:/usr/bin"
  if [ -S "$dir/mysqld.sock" ] && mariadb-admin -S "$dir/mysqld.sock" -uroot ping >/dev/null 2>&1; then
    echo "==> MariaDB already running on 127.0.0.1:$port (data in $dir)"
    return 0
  fi
  mkdir -p "$dir"
  if [ ! -d "$dir/data/mysql" ]; then
    echo "==> initialising MariaDB data directory in $dir"
    as_root chown -R mysql:mysql "$dir"
    mariadb-install-db --user=mysql --datadir="$dir/data" --auth-root-authentication-method=normal \
      --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log"; return 1; }
  fi
  as_root chown -R mysql:mysql "$dir"
  echo "==> starting MariaDB on 127.0.0.1:$port"
  "$(mariadbd_bin)" --user=mysql --datadir="$dir/data" --socket="$dir/mysqld.sock" --port="$port" \
    --bind-address=127.0.0.1 --pid-file="$dir/mysqld.pid" --skip-log-bin --log-error="$dir/error.log" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_520_ci \
    --innodb-buffer-pool-size="${CF_DB_BUFFER_POOL:-256M}" --max-connections=500 >/dev/null 2>&1 &
  local i
  for i in $(seq 1 60); do
    if mariadb-admin -S "$dir/mysqld.sock" -uroot ping >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "MariaDB did not start; its log follows:" >&2
  cat "$dir/error.log" >&2 || true
  return 1
}

# db_sql DIR SQL — runs SQL as root through the server's socket.
db_sql() { mariadb -S "$1/mysqld.sock" -uroot -e "$2"; }

# db_stop DIR — stops the server started by db_start (if running).
db_stop() {
  local dir=$1
  if [ -S "$dir/mysqld.sock" ]; then
    mariadb-admin -S "$dir/mysqld.sock" -uroot shutdown >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/mysqld.pid" ]; then
    local pid; pid=$(cat "$dir/mysqld.pid" 2>/dev/null || true)
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  fi
}

# free_port — a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

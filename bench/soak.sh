#!/usr/bin/env bash
# A soak at a steady mixed load against PostgreSQL: a benchmark, not part of the test suite or CI.
#
#   bench/soak.sh [--minutes N] [--connections C] [--port P] [--warmup SECONDS]
#
# Builds the jar if missing, installs wrk if missing, creates a scratch database on 127.0.0.1:5432 (user postgres,
# trust auth), starts Groupdesk on it with -Xmx256m, seeds 300 groups, 300 agents and ~3,300 memberships through
# the Zendesk v2 API, warms the JIT up for 30 s (not sampled), then runs bench/soak.lua in 10-second wrk slices
# back to back for N minutes of load (default 10) with C connections (default 16). Every slice it samples
# requests/s, p50/p99 latency, non-2xx answers and socket errors, the server's RSS and its heap after the last GC
# of the slice (from the GC log). At the end it checks the membership rules with SQL, writes the samples to
# bench/results/soak-<date>.csv and prints a summary. The server is stopped and the scratch database dropped on
# any exit. All traffic stays on 127.0.0.1.
set -euo pipefail

MINUTES=10
CONNECTIONS=16
PORT=18181
WARMUP=30
while [[ $# -gt 0 ]]; do
    case "$1" in
        --minutes) MINUTES="$2"; shift 2 ;;
        --connections) CONNECTIONS="$2"; shift 2 ;;
        --port) PORT="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[[ "$MINUTES" =~ ^[0-9]+$ && "$MINUTES" -ge 1 && "$MINUTES" -le 240 ]] || { echo "--minutes: 1..240" >&2; exit 2; }
[[ "$WARMUP" =~ ^[0-9]+$ && "$WARMUP" -le 600 ]] || { echo "--warmup: 0..600 seconds" >&2; exit 2; }
[[ "$CONNECTIONS" =~ ^[0-9]+$ && "$CONNECTIONS" -ge 1 && "$CONNECTIONS" -le 256 ]] || { echo "--connections: 1..256" >&2; exit 2; }

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SLICE_SECONDS=10
SLICES=$((MINUTES * 60 / SLICE_SECONDS))
BASE="http://127.0.0.1:$PORT"
DB="groupdesk_soak_$$"
PSQL=(psql -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)
WORK="$(mktemp -d /tmp/groupdesk-soak.XXXXXX)"
SERVER_PID=""
DB_CREATED=""

cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -n "$DB_CREATED" ]]; then
        "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[soak $(date +%H:%M:%S)] $*"; }

# --- prerequisites -------------------------------------------------------------------------------------------
[[ -f target/groupdesk.jar ]] || { log "building the jar"; ./mvnw -q -DskipTests package; }
if ! command -v wrk >/dev/null; then
    log "installing wrk"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
if ! "${PSQL[@]}" -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect 15 main start
    for _ in $(seq 1 30); do "${PSQL[@]}" -d postgres -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
fi
if curl -s -o /dev/null --max-time 2 "$BASE/"; then
    echo "port $PORT is taken; choose another with --port" >&2
    exit 1
fi

# --- server on a scratch database ----------------------------------------------------------------------------
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null
DB_CREATED=1
TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PASSWORD="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$TOKEN" > "$WORK/token"
chmod 600 "$WORK/token"
log "starting Groupdesk on $BASE (database $DB, -Xmx256m)"
SERVER_PORT="$PORT" \
GROUPDESK_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" GROUPDESK_DB_USER=postgres \
GROUPDESK_DATA_DIR="$WORK/data" \
GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD="$PASSWORD" GROUPDESK_BOOTSTRAP_API_TOKEN="$TOKEN" \
    java -Xmx256m -Xlog:gc:file="$WORK/gc.log" -jar target/groupdesk.jar > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
AUTH=(-H "Authorization: Bearer $TOKEN")
for _ in $(seq 1 60); do
    curl -sf -o /dev/null --max-time 2 "${AUTH[@]}" "$BASE/api/v2/users/me.json" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORK/server.log" >&2; exit 1; }
    sleep 1
done
curl -sf -o /dev/null "${AUTH[@]}" "$BASE/api/v2/users/me.json" || { echo "server did not come up" >&2; exit 1; }

# --- seed: 300 groups, 300 agents, 10 groups each (plus the default group every new agent joins) ---------------
GROUPS_N=300
AGENTS_N=300
# One curl process per phase, its requests sent one after another on one kept-alive connection.
batch() { # $1: file of "METHOD PATH BODY" lines; prints the status codes
    local cfg="$WORK/curl.cfg"
    : > "$cfg"
    while read -r method path body; do
        [[ -s "$cfg" ]] && echo next >> "$cfg"
        printf 'url = "%s%s"\nrequest = "%s"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\ndata = %s\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
            "$BASE" "$path" "$method" "$TOKEN" "$body" >> "$cfg"
    done < "$1"
    curl -s -K "$cfg"
    rm -f "$cfg"
}
expect_all() { # $1: expected status, $2: expected count, stdin: codes
    local codes
    codes="$(cat)"
    [[ "$(grep -c "^$1\$" <<< "$codes")" == "$2" ]] || { echo "seeding: wanted $2 answers $1, got: $(sort <<< "$codes" | uniq -c | tr '\n' ' ')" >&2; exit 1; }
}
log "seeding $GROUPS_N groups and $AGENTS_N agents"
seq 1 "$GROUPS_N" | awk '{printf "POST /api/v2/groups.json \"{\\\"group\\\": {\\\"name\\\": \\\"grp-%d\\\", \\\"description\\\": \\\"Seeded group %d\\\"}}\"\n", $1, $1}' > "$WORK/groups.req"
batch "$WORK/groups.req" | expect_all 201 "$GROUPS_N"
seq 1 "$AGENTS_N" | awk '{printf "POST /api/v2/users.json \"{\\\"user\\\": {\\\"name\\\": \\\"Agent %d\\\", \\\"email\\\": \\\"agent%d@soak.local\\\", \\\"role\\\": \\\"agent\\\"}}\"\n", $1, $1}' > "$WORK/agents.req"
batch "$WORK/agents.req" | expect_all 201 "$AGENTS_N"

"${PSQL[@]}" -d "$DB" -c "SELECT id FROM agent_groups WHERE name LIKE 'grp-%' ORDER BY id" > "$WORK/group.ids"
"${PSQL[@]}" -d "$DB" -c "SELECT id FROM agents WHERE email LIKE 'agent%@soak.local' ORDER BY id" > "$WORK/agent.ids"
# agent i joins groups (7i + 31k) mod 300 for k = 0..9; its churn group (7i + 10) mod 300 is none of them
awk -v n="$GROUPS_N" 'NR == FNR { g[FNR - 1] = $1; next }
    { i = FNR - 1; for (k = 0; k < 10; k++) print $1, g[(7 * i + 31 * k) % n]
      print $1, g[(7 * i + 10) % n] > "/dev/stderr" }' \
    "$WORK/group.ids" "$WORK/agent.ids" > "$WORK/pairs" 2> "$WORK/churn"
awk 'BEGIN { ORS = "" } { items = items (n % 100 ? ", " : "") sprintf("{\\\"user_id\\\": %s, \\\"group_id\\\": %s}", $1, $2); n++
    if (n % 100 == 0) { print "POST /api/v2/group_memberships/create_many.json \"{\\\"group_memberships\\\": [" items "]}\"\n"; items = "" } }
    END { if (n % 100) print "POST /api/v2/group_memberships/create_many.json \"{\\\"group_memberships\\\": [" items "]}\"\n" }' \
    "$WORK/pairs" > "$WORK/memberships.req"
batch "$WORK/memberships.req" | expect_all 200 "$(wc -l < "$WORK/memberships.req")"
SEEDED="$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM memberships")"
log "seeded: $("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM agent_groups") groups, $("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM agents") agents, $SEEDED memberships"
{ sed 's/^/group /' "$WORK/group.ids"; sed "s/^/agent /" "$WORK/churn"; } > "$WORK/load.data"
: > "$WORK/state"

# --- the soak: back-to-back 10-second wrk slices --------------------------------------------------------------
mkdir -p bench/results
CSV="bench/results/soak-$(date -u +%Y%m%d-%H%M%S).csv"
echo "elapsed_s,requests,rps,p50_ms,p90_ms,p99_ms,max_ms,non2xx,socket_errors,rss_mb,heap_after_gc_mb,statuses" > "$CSV"
log "soaking for $MINUTES min at $CONNECTIONS connections; samples in $CSV"
if (( WARMUP > 0 )); then
    log "warming up for $WARMUP s (not sampled)"
    SOAK_THREADS="$CONNECTIONS" SOAK_STATE_OUT="$WORK/state.next" timeout $((WARMUP + 20)) \
        wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d "${WARMUP}s" --timeout 5s -s bench/soak.lua "$BASE" \
        -- 0 "$WORK/load.data" "$WORK/state" "$WORK/token" > /dev/null 2>&1 || true
    [[ -f "$WORK/state.next" ]] && mv "$WORK/state.next" "$WORK/state"
fi
START=$(date +%s)
for slice in $(seq 1 "$SLICES"); do
    gc_before=$(wc -l < "$WORK/gc.log")
    out="$(SOAK_THREADS="$CONNECTIONS" SOAK_STATE_OUT="$WORK/state.next" timeout $((SLICE_SECONDS + 20)) \
        wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d "${SLICE_SECONDS}s" --timeout 5s -s bench/soak.lua "$BASE" \
        -- "$slice" "$WORK/load.data" "$WORK/state" "$WORK/token" 2>&1 | grep '^SOAK ' || true)"
    [[ -f "$WORK/state.next" ]] && mv "$WORK/state.next" "$WORK/state"
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server died" >&2; tail -50 "$WORK/server.log" >&2; exit 1; }
    rss_kb=$(ps -o rss= -p "$SERVER_PID" | tr -d ' ')
    # heap after the last collection of this slice, e.g. "... Pause Young (Normal) (G1 Evacuation Pause) 120M->31M(256M) 4.1ms"
    heap=$(tail -n +"$((gc_before + 1))" "$WORK/gc.log" | grep -o '[0-9]*M->[0-9]*M' | tail -1 | sed 's/.*->\([0-9]*\)M/\1/' || true)
    elapsed=$(( $(date +%s) - START ))
    if [[ -z "$out" ]]; then
        echo "$elapsed,0,0,,,,,,1,$((rss_kb / 1024)),${heap},wrk-failed" >> "$CSV"
        log "slice $slice: wrk produced no summary"
        continue
    fi
    get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$out"; }
    req=$(get requests); dur=$(get duration_us)
    awk -v e="$elapsed" -v r="$req" -v d="$dur" -v p50="$(get p50_us)" -v p90="$(get p90_us)" -v p99="$(get p99_us)" \
        -v mx="$(get max_us)" -v bad="$(get non2xx)" -v sock="$(get socket_errors)" -v rss="$rss_kb" -v heap="$heap" \
        -v st="$(get statuses)" 'BEGIN { printf "%d,%d,%.1f,%.2f,%.2f,%.2f,%.2f,%d,%d,%.0f,%s,%s\n",
            e, r, r / (d / 1e6), p50 / 1000, p90 / 1000, p99 / 1000, mx / 1000, bad, sock, rss / 1024, heap, st }' >> "$CSV"
    if (( slice % 6 == 0 )); then log "$(tail -1 "$CSV")"; fi
done

# --- the rules still hold -------------------------------------------------------------------------------------
check() { "${PSQL[@]}" -d "$DB" -c "$1"; }
NO_DEFAULT_OR_MANY=$(check "SELECT count(*) FROM (SELECT agent_id FROM memberships GROUP BY account_id, agent_id
    HAVING count(*) FILTER (WHERE default_marker) <> 1) x")
DUPLICATES=$(check "SELECT count(*) FROM (SELECT 1 FROM memberships GROUP BY account_id, agent_id, group_id
    HAVING count(*) > 1) x")
ON_DELETED=$(check "SELECT count(*) FROM memberships m JOIN agent_groups g ON g.account_id = m.account_id
    AND g.id = m.group_id JOIN agents a ON a.account_id = m.account_id AND a.id = m.agent_id
    WHERE g.deleted OR NOT a.active")
DEFAULT_GROUPS=$(check "SELECT count(*) FROM agent_groups WHERE default_marker")
FINAL=$(check "SELECT (SELECT count(*) FROM agent_groups) || ' groups, ' || (SELECT count(*) FROM memberships) || ' memberships'")
SERVER_ERRORS=$(grep -c -E ' ERROR |Exception' "$WORK/server.log" || true)

echo
echo "=== soak summary ($MINUTES min, $CONNECTIONS connections, $(nproc) cores) ==="
awk -F, -v per=$((60 / SLICE_SECONDS)) -v last="$SLICES" 'NR > 1 {
        n++; req += $2; bad += $8; sock += $9
        if (n <= per) { f99 += $6; frss += $10; fr += $3; fn++ }
        if (n > last - per) { l99 += $6; lrss += $10; lr += $3; ln++ }
        if ($6 > worst) worst = $6 }
    END { printf "requests %d, non-2xx %d, socket errors %d\n", req, bad, sock
          printf "first minute: %.0f req/s, mean p99 %.1f ms, RSS %.0f MB\n", fr / fn, f99 / fn, frss / fn
          printf "last minute:  %.0f req/s, mean p99 %.1f ms, RSS %.0f MB\n", lr / ln, l99 / ln, lrss / ln
          printf "worst 10-s p99 %.1f ms\n", worst }' "$CSV"
echo "heap after GC (MB), first/last sample: $(awk -F, 'NR > 1 && $11 != "" { v[++n] = $11 } END { print v[1] " / " v[n] }' "$CSV")"
echo "data: seeded $SEEDED memberships, now $FINAL"
echo "rules: agents with other than one default $NO_DEFAULT_OR_MANY, duplicate memberships $DUPLICATES," \
    "memberships on deleted groups or agents $ON_DELETED, account default groups $DEFAULT_GROUPS (want 0, 0, 0, 1)"
echo "server log lines with ERROR or Exception: $SERVER_ERRORS"
echo "samples: $CSV"
[[ "$NO_DEFAULT_OR_MANY" == 0 && "$DUPLICATES" == 0 && "$ON_DELETED" == 0 && "$DEFAULT_GROUPS" == 1 ]]

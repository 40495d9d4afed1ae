#!/bin/bash
# Times console pages as a signed-in person: N GETs of each path given, and their median, minimum and maximum.
#   BASE=http://127.0.0.1:8080 HOST=sample.groupdesk.test EMAIL=... PASSWORD=... N=21 \
#     bench/console-pages.sh /console/agents '/console/agents?q=ada' /console/agents/42
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:8080}
HOST=${HOST:-localhost}
N=${N:-21}
: "${EMAIL:?the email of an agent of the account}" "${PASSWORD:?its password}"
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
csrf=$(curl -s -c "$jar" -b "$jar" -H "Host: $HOST" "$BASE/" | grep -o 'name="csrf" value="[^"]*"' | head -1 \
    | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" -H "Host: $HOST" --data-urlencode "email=$EMAIL" \
    --data-urlencode "password=$PASSWORD" --data-urlencode "csrf=$csrf" "$BASE/console/sign-in"
for path in "$@"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H "Host: $HOST" "$BASE$path")
    times=$(for _ in $(seq "$N"); do
        curl -s -o /dev/null -w '%{time_total}\n' -b "$jar" -H "Host: $HOST" "$BASE$path"
    done | sort -n)
    median=$(sed -n "$(((N + 1) / 2))p" <<<"$times")
    printf '%-50s %s  median %6.1f ms  min %6.1f  max %6.1f\n' "$path" "$code" \
        "$(bc <<<"$median * 1000")" "$(bc <<<"$(head -1 <<<"$times") * 1000")" \
        "$(bc <<<"$(tail -1 <<<"$times") * 1000")"
done

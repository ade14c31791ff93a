#!/usr/bin/env bash
# Measures POST /api/v1/contacts/import with N generated contacts (default 100,000) against the real app
# built in Release, on 127.0.0.1 with a throw-away SQLite file. Runs the import twice: the first inserts
# every row, the second updates every row (matched by external_id). Not part of the test run.
#   tests/CrisisConsole.Benchmarks/scripts/contacts-import.sh [rows]
set -euo pipefail
rows="${1:-100000}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d)"
port="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
key="bench-import-key-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

python3 - "$rows" "$work/contacts.csv" <<'PY'
import random, sys
rows, path = int(sys.argv[1]), sys.argv[2]
random.seed(7)
first = ["Ada", "Jean", "Élodie", "Chloé", "محمد", "فاطمة", "Théo", "يوسف", "Grace", "Hélène"]
last = ["Lovelace", "Dupont", "Lefèvre", "Châtelain", "العلي", "الحسن", "Martin", "حداد", "Hopper", "Moreau"]
zones = ["North", "South", "East", "West"]
langs = ["en", "fr", "ar"]
consents = ["opted_in"] * 9 + ["unknown"]
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("external_id,name,phone,whatsapp,language,zone,groups,tags,lat,lon,consent\n")
    for i in range(rows):
        zone = random.choice(zones)
        groups = "Residents " + zone + ("|Staff" if i % 10 == 0 else "")
        tags = "first-aid" if i % 7 == 0 else ""
        f.write(f'BENCH-{i:07d},"{random.choice(first)} {random.choice(last)}",+99901{i:07d},yes,{random.choice(langs)},{zone},{groups},{tags},33.{i % 1000:03d},35.{i % 977:03d},{random.choice(consents)}\n')
PY
echo "CSV: $rows rows, $(du -h "$work/contacts.csv" | cut -f1)"

dotnet build "$root/src/CrisisConsole.Web" -c Release -v quiet -nologo >/dev/null
binary="$root/src/CrisisConsole.Web/bin/Release/net9.0/linux-x64/CrisisConsole.Web"
env Database__ConnectionString="Data Source=$work/bench.db" DemoData__Enabled=false Urls="http://127.0.0.1:$port" \
  ApiKeys__Provisioned__0__Name=bench ApiKeys__Provisioned__0__Key="$key" ApiKeys__Provisioned__0__Scopes=import,read \
  Logging__LogLevel__Default=Warning "Logging__LogLevel__CrisisConsole.Web.Features.Contacts=Information" FirstAdmin__Password=bench-password-1234 \
  "$binary" >"$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; grep -h -A1 "ContactImporter" "$work/app.log" | grep -v "^--" || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done

for pass in insert update; do
  start=$(date +%s.%N)
  curl -sS -o "$work/report.json" -w "HTTP %{http_code}" -H "Authorization: Bearer $key" -H "Content-Type: text/csv" \
    --data-binary "@$work/contacts.csv" "http://127.0.0.1:$port/api/v1/contacts/import"
  end=$(date +%s.%N)
  printf " %s pass: %.2f s, report %s\n" "$pass" "$(echo "$end - $start" | bc)" "$(head -c 120 "$work/report.json")"
done

#!/usr/bin/env bash
# Measures approving a broadcast to about 100,000 recipients (target: every delivery row written in
# at most 5 s) against the real app built in Release, on 127.0.0.1 with a throw-away SQLite file.
# Imports N generated opted-in contacts (default 100,000) next to the 500 demo contacts, sends an
# alert to the demo segment "demo-everyone" through POST /api/v1/alerts (which computes the preview),
# then approves it with a second key. Prints the HTTP times and the app's own log line with the time
# spent inside the approval transaction. Not part of the test run.
#   tests/CrisisConsole.Benchmarks/scripts/broadcast-approval.sh [contacts]
set -euo pipefail
rows="${1:-100000}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d)"
port="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
trigger="bench-trigger-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
approver="bench-approve-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

python3 - "$rows" "$work/contacts.csv" <<'PY'
import sys
rows, path = int(sys.argv[1]), sys.argv[2]
langs = ["en", "fr", "ar"]
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("external_id,name,phone,whatsapp,language,zone,groups,consent\n")
    for i in range(rows):
        whatsapp = "no" if i % 10 == 0 else "yes"
        f.write(f"BENCH-{i:07d},Person {i},+99902{i:07d},{whatsapp},{langs[i % 3]},North,Bench,opted_in\n")
PY

dotnet build "$root/src/CrisisConsole.Web" -c Release -v quiet -nologo >/dev/null
binary="$root/src/CrisisConsole.Web/bin/Release/net9.0/linux-x64/CrisisConsole.Web"
env Database__ConnectionString="Data Source=$work/bench.db" DemoData__Enabled=true Urls="http://127.0.0.1:$port" \
  ApiKeys__Provisioned__0__Name=bench-trigger ApiKeys__Provisioned__0__Key="$trigger" ApiKeys__Provisioned__0__Scopes=trigger,import,read \
  ApiKeys__Provisioned__1__Name=bench-approver ApiKeys__Provisioned__1__Key="$approver" ApiKeys__Provisioned__1__Scopes=approve \
  Logging__LogLevel__Default=Warning "Logging__LogLevel__CrisisConsole.Web.Features.Broadcasts=Information" FirstAdmin__Password=bench-password-1234 \
  "$binary" >"$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; grep -h -A1 "BroadcastApprovalService" "$work/app.log" | grep -v "^--" || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done

curl -sS -o /dev/null -w "import: HTTP %{http_code} in %{time_total} s\n" -H "Authorization: Bearer $trigger" -H "Content-Type: text/csv" \
  --data-binary "@$work/contacts.csv" "http://127.0.0.1:$port/api/v1/contacts/import"

curl -sS -o "$work/alert.json" -w "alert (preview included): HTTP %{http_code} in %{time_total} s\n" -H "Authorization: Bearer $trigger" \
  -H "Content-Type: application/json" "http://127.0.0.1:$port/api/v1/alerts" \
  -d '{"template":"safety-check","segments":["demo-everyone"],"variables":{"org":"Acme Relief","event":"Flooding"},"channels":"whatsapp-then-sms","drill":true}'
cat "$work/alert.json"; echo
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/alert.json")

curl -sS -o "$work/approve.json" -w "approve: HTTP %{http_code} in %{time_total} s\n" -H "Authorization: Bearer $approver" \
  -H "Content-Type: application/json" "http://127.0.0.1:$port/api/v1/broadcasts/$id/approve" -d '{"comment":"benchmark"}'
cat "$work/approve.json"; echo

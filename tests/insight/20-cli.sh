#!/usr/bin/env bash
# cuppa graph and cuppa report through the real CLI: every format parses
# (GraphML and GEXF with Python's XML parser, GraphML also with networkx),
# the SVG is valid XML with a title, a legend and red edges for missed
# pairs, the report is one self-contained HTML file, names stay hidden by
# default, bad options are usage errors.  The graph/report commands run
# under ASan+UBSan when CUPPA_SAN_BIN is built.
set -euo pipefail
ROOT=${CUPPA_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${CUPPA_BIN:-$ROOT/build/cuppa}
SAN=${CUPPA_SAN_BIN:-$BIN}
[[ -x "$SAN" ]] || SAN=$BIN
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
db=$tmp/t.db
c() { "$BIN" --db "$db" "$@"; }
s() { "$SAN" --db "$db" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > people.csv <<'EOF'
name,email,organisation,sector,joined
Ann Ash,ann@example.org,Alpha,public,2025-11-03
Bob Birch,bob@example.org,Alpha,public,2025-11-04
Cat Cedar,cat@example.org,Beta,voluntary,2025-12-05
Dan Dogwood,dan@example.org,Beta,voluntary,2025-12-06
Eve Elm,eve@example.org,Gamma,private,2026-01-01
Fay Fir,fay@example.org,Gamma,public,2026-01-02
Gus Gum,gus@example.org,Delta,,2026-01-03
Hal Hazel,hal@example.org,Delta,private,2026-01-04
EOF
c init >/dev/null
c programme add "Graph Test" >/dev/null
c people import graph-test people.csv >/dev/null
for r in 1 2 3; do
  c round new graph-test --seed $((r * 7)) >/dev/null
  c round publish graph-test $r >/dev/null
done
# Round 3: one group met, one missed, the rest unconfirmed.
mapfile -t g3 < <(c round show graph-test 3 --json | /usr/bin/python3 -c '
import json, sys
for g in json.load(sys.stdin)["groups"]:
    m = g["members"][0]
    print(m["email"] if isinstance(m, dict) else m)')
c outcome graph-test 3 "${g3[0]}" met >/dev/null
c outcome graph-test 3 "${g3[1]}" missed >/dev/null

s graph graph-test -o net.svg
s graph graph-test --upto 2 -o net2.svg
s graph graph-test --round 3 -o round3.svg
s graph graph-test --format graphml -o net.graphml
s graph graph-test --format gexf -o net.gexf
s graph graph-test --format json > net.json
s report graph-test -o report.html --every-round
s graph graph-test --by organisation -o orgs.svg
s graph graph-test --by organisation --format json > orgs.json
grep -q 'class="insight-orgs"' orgs.svg || fail "organisation picture: no insight-orgs svg"
grep -q 'class="insight-orgcurve"' report.html || fail "report: no organisation curve"
/usr/bin/python3 - <<'EOF2' || fail "organisation json"
import json, itertools
o = json.load(open("orgs.json"))
g = json.load(open("net.json"))
org = {n["id"]: n.get("organisation", "") for n in g["nodes"]}
want = set()
for e in g["edges"]:
    a, b = org[e["source"]], org[e["target"]]
    if a and b and a != b:
        want.add(frozenset((a, b)))
got = {frozenset((l["source"], l["target"])) for l in o["links"]}
assert got == want, (got ^ want)
people = sum(n["people"] for n in o["organisations"])
assert people == sum(1 for n in g["nodes"] if org[n["id"]]), people
EOF2

/usr/bin/python3 - <<'EOF'
import json, sys, xml.etree.ElementTree as ET
import networkx as nx
def fail(m):
    print("FAIL:", m); sys.exit(1)
ns = {"s": "http://www.w3.org/2000/svg"}
svg = ET.parse("net.svg").getroot()
if svg.find("s:title", ns) is None or svg.find("s:desc", ns) is None:
    fail("svg lacks title/desc")
txt = open("net.svg").read()
if "#c62828" not in txt: fail("no missed (dark red) edge drawn")
if "#f28b82" not in txt: fail("no unconfirmed (light red) edge drawn")
if "Organisation" not in txt or "did not meet" not in txt: fail("legend missing")
for name in ("Ann", "Bob", "Cat", "example.org"):
    if name in txt: fail("a name or email leaked into the picture: " + name)
ET.parse("net2.svg"); ET.parse("round3.svg")
G = nx.read_graphml("net.graphml")
j = json.load(open("net.json"))
if G.number_of_nodes() != 8 or G.number_of_edges() != j["metrics"]["edges"]:
    fail("graphml %d nodes %d edges vs json %s" % (G.number_of_nodes(),
         G.number_of_edges(), j["metrics"]))
if j["upto"] != 3: fail("json upto %r" % j["upto"])
ET.parse("net.gexf")
html = open("report.html").read()
for bad in ("<script", "src=\"http", "href=\"http", "<link", "@import"):
    if bad in html: fail("report is not self-contained: " + bad)
if html.count("<svg") < 5: fail("report lacks pictures")
if "of pairs met in round 3" not in html: fail("no reading for round 3")
if "Ann Ash" in html: fail("a name leaked into the report")
print("ok: graph and report outputs")
EOF

# Errors: bad round, bad format, both --round and --upto.
set +e
s graph graph-test --round 9 >/dev/null 2>err.txt; rc=$?
[[ $rc -eq 1 ]] || fail "--round 9: rc $rc"
grep -q "not published" err.txt || fail "--round 9 message: $(cat err.txt)"
s graph graph-test --format png >/dev/null 2>&1; rc=$?
[[ $rc -eq 2 ]] || fail "--format png: rc $rc"
s graph graph-test --round 1 --upto 2 >/dev/null 2>&1; rc=$?
[[ $rc -eq 2 ]] || fail "--round with --upto: rc $rc"
s graph graph-test --by team >/dev/null 2>&1; rc=$?
[[ $rc -eq 2 ]] || fail "--by team: rc $rc"
s graph nosuch >/dev/null 2>&1; rc=$?
[[ $rc -ne 0 ]] || fail "unknown programme accepted"
set -e
echo "ok: cuppa graph / report"

#!/usr/bin/env bash
# cuppa event plan: speed networking and workshop schedules, cards, late
# arrivals, errors.
set -euo pipefail
BIN=${CUPPA_SAN_BIN:-${CUPPA_BIN:-build/cuppa}}
FAST=${CUPPA_BIN:-$BIN}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

/usr/bin/python3 - "$T" <<'PY'
import random, sys
d = sys.argv[1]
r = random.Random(9)
with open(f"{d}/300.csv", "w") as f:
    f.write("name,organisation,role\n")
    for i in range(300):
        f.write(f"Person {i},Org{r.randrange(15)},{r.choice(['user', 'staff'])}\n")
with open(f"{d}/32.csv", "w") as f:
    f.write("id;name;organisation\n")
    for i in range(32):
        f.write(f"x{i};P {i};O{i % 6}\n")
with open(f"{d}/25.csv", "w") as f:
    f.write("name,organisation\n" + "".join(f"Q{i},O{i % 5}\n" for i in range(25)))
with open(f"{d}/20.csv", "w") as f:
    f.write("name,organisation\n" + "".join(f'"Late, {i} <b>",O{i % 4}\n' for i in range(20)))
with open(f"{d}/24.csv", "w") as f:
    f.write("name,organisation\n" + "".join(f'"Late, {i} <b>",O{i % 4}\n' for i in range(24)))
PY

check() { # plan.json people.csv rounds max_repeats
	/usr/bin/python3 - "$@" <<'PY'
import csv, json, sys
plan = json.load(open(sys.argv[1]))
rows = list(csv.reader(open(sys.argv[2]), delimiter=";" if ";" in open(sys.argv[2]).readline() else ","))
head = [h.lower() for h in rows[0]]
ids = [r[head.index("id")] if "id" in head else r[head.index("name")] for r in rows[1:]]
assert len(plan["rounds"]) == int(sys.argv[3])
met, rep = set(), 0
for rnd in plan["rounds"]:
    seen = [p for g in rnd["groups"] for p in g]
    assert sorted(seen) == sorted(ids), "everyone once per round"
    for g in rnd["groups"]:
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                k = frozenset((g[i], g[j]))
                rep += k in met
                met.add(k)
assert rep == plan["repeats"], (rep, plan["repeats"])
assert rep <= int(sys.argv[4]), f"{rep} repeats"
PY
}

start=$(date +%s%N)
"$FAST" event plan --people "$T/300.csv" --rounds 10 --seed 1 --json > "$T/p300.json"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "$T/p300.json" "$T/300.csv" 10 0 || fail "300 in pairs"
grep -q '"method":"circle"' "$T/p300.json" || fail "pairs not by the circle method"
[ $ms -lt 5000 ] || fail "300 pairs x 10 took ${ms} ms"

"$BIN" event plan --people "$T/300.csv" --rounds 4 --seed 2 --mix role=user,staff --json > "$T/mix.json"
check "$T/mix.json" "$T/300.csv" 4 0 || fail "mixed pairs"
grep -q '"unmixed_groups":0' "$T/mix.json" || fail "unmixed groups left"

"$BIN" event plan --people "$T/25.csv" --rounds 6 --group-size 5 --seed 3 --json > "$T/p25.json"
check "$T/p25.json" "$T/25.csv" 6 0 || fail "affine plane"
grep -q '"method":"affine"' "$T/p25.json" || fail "25 in fives not affine"

# 32 in fours for 8 rounds: a partial line spread of GF(2)^5, no repeats
"$FAST" event plan --people "$T/32.csv" --rounds 8 --group-size 4 --seed 1 --json > "$T/p32.json"
check "$T/p32.json" "$T/32.csv" 8 0 || fail "32 in fours"
grep -q '"method":"spread"' "$T/p32.json" || fail "32 in fours not by a spread"
# 30 in fours (no construction): the search, repeats stated honestly
"$FAST" event plan --people "$T/32.csv" --rounds 3 --group-size 4 --seed 1 --json > /dev/null

# same seed, same plan
"$BIN" event plan --people "$T/25.csv" --rounds 6 --group-size 5 --seed 3 --json > "$T/p25b.json"
cmp -s "$T/p25.json" "$T/p25b.json" || fail "same seed, different plan"

# cards: one page per person, names escaped
"$BIN" event plan --people "$T/20.csv" --rounds 2 --group-size 4 --seed 4 --json \
	--cards "$T/cards.html" > "$T/p20.json"
[ "$(grep -o '<section class="card">' "$T/cards.html" | wc -l)" -eq 20 ] || fail "cards count"
grep -q 'Late, 3 &lt;b&gt;' "$T/cards.html" || fail "names not escaped"
grep -q '<b>' "$T/cards.html" && fail "raw markup in cards"
# and one sheet per table: who sits there each round (5 tables of 4)
[ "$(grep -o '<section class="card sheet">' "$T/cards.html" | wc -l)" -eq 5 ] || fail "sheets count"
grep -q '<h1>Table 5</h1>' "$T/cards.html" || fail "sheet for table 5"

# journey 4: 17 people in pairs for 6 rounds: a plan without a repeat
# exists, so every seed must find one; colleagues (5 organisations) are
# kept apart too, and both counts are reported
/usr/bin/python3 -c "print('name,organisation'); [print(f'P{i},Org{i % 5}') for i in range(17)]" > "$T/17.csv"
for seed in 1 2 3 4 5 6 7 8 9 10; do
	"$FAST" event plan --people "$T/17.csv" --rounds 6 --seed $seed --json > "$T/p17.json"
	check "$T/p17.json" "$T/17.csv" 6 0 || fail "17 for 6 rounds, seed $seed: repeats"
	grep -q '"colleagues":0' "$T/p17.json" || fail "17 for 6 rounds, seed $seed: colleagues together"
done
"$FAST" event plan --people "$T/17.csv" --rounds 6 --seed 1 | tail -1 | grep -q '^repeats: 0, colleagues at one table: 0,' \
	|| fail "text output does not report both counts"

# late arrivals: 4 more people, rounds 1-2 kept, 2 more planned
"$BIN" event plan --people "$T/24.csv" --rounds 4 --group-size 4 --seed 5 --json \
	--add-to "$T/p20.json" > "$T/p24.json"
/usr/bin/python3 - "$T/p20.json" "$T/p24.json" <<'PY' || fail "late arrivals"
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
norm = lambda r: sorted(sorted(g) for g in r["groups"])
assert [norm(r) for r in a["rounds"]] == [norm(r) for r in b["rounds"][:2]], "kept rounds changed"
assert len(b["rounds"]) == 4 and b["repeats"] == 0
assert sum(len(g) for g in b["rounds"][3]["groups"]) == 24
PY

# errors
set +e
"$BIN" event plan --rounds 3 >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing --people not a usage error"
"$BIN" event plan --people "$T/25.csv" --rounds 3 --mix role >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --mix"
printf 'name\nA\n' > "$T/bad.csv"
"$BIN" event plan --people "$T/bad.csv" --rounds 1 >/dev/null 2>"$T/err"; rc=$?
set -e
[ $rc -eq 1 ] || fail "bad CSV exit $rc"
grep -q organisation "$T/err" || fail "bad CSV message: $(cat "$T/err")"
echo "ok"

#!/usr/bin/env python3
"""An independent, throw-away reading of regulation.md in Python, used only to cross-check the hand-worked
`expect` lists of the scenario cases (it is not the implementation, and it checks data validity only loosely).

Usage: python3 cases/tools/oracle_a.py [CASE_DIR_OR_ROOT]...   (default: cases/)
Prints, for every case whose expect differs from this reading, the missing and unexpected (rule, record) pairs.
"""
import sys
import os
import glob
import datetime as dt
from collections import Counter, defaultdict

import yaml

PARAM_FROM = dt.date(2021, 10, 1)
QUOTA_FROM = dt.date(2023, 6, 1)
EU = set("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())
SCHEMA = {
    "promotions": ({"id", "drawn_on", "installed_on", "mandate_end"}, {"extended_by"}),
    "members": ({"id", "promotion", "birth_date", "gender", "nationality", "residence", "channel", "joined_on"},
                {"left_on", "replaces"}),
    "sessions": ({"id", "promotion", "kind", "date", "present"}, set()),
    "decisions": ({"id", "session", "kind", "subject", "adopted_by"}, {"votes", "jury"}),
    "juries": ({"id", "installed_by", "installed_on", "topic"}, {"recommendation_on"}),
    "submissions": ({"id", "kind", "submitted_on"}, {"decision", "jury", "council_response"}),
    "council_groups": ({"id", "name", "from"}, {"to"}),
    "committee": ({"id", "holder", "seat", "from"}, {"to", "member", "group"}),
    "secretariat": ({"id", "role", "fte", "from"}, {"to"}),
    "activity_reports": ({"id", "year", "published_on"}, {"sent_to_council_on"}),
    "indemnities": ({"id", "member", "date", "half_days", "amount_eur"}, set()),
    "participatory_budgets": ({"id", "year", "amount_eur", "theme", "theme_decision"}, set()),
}
REFS = {
    ("promotions", "extended_by"): "decisions", ("members", "promotion"): "promotions",
    ("members", "replaces"): "members", ("sessions", "promotion"): "promotions",
    ("decisions", "session"): "sessions", ("decisions", "jury"): "juries", ("juries", "installed_by"): "decisions",
    ("submissions", "decision"): "decisions", ("submissions", "jury"): "juries",
    ("committee", "member"): "members", ("committee", "group"): "council_groups",
    ("indemnities", "member"): "members", ("participatory_budgets", "theme_decision"): "decisions",
}
DATE_FIELDS = {"drawn_on", "installed_on", "mandate_end", "birth_date", "joined_on", "left_on", "date",
               "recommendation_on", "submitted_on", "from", "to", "published_on", "sent_to_council_on"}


def D(s):
    return dt.date.fromisoformat(s)


def add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


def age(b, d):
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def in_force(r, d):
    return r["from"] <= d and (r.get("to") is None or d < r["to"])


def load(files):
    data = defaultdict(list)
    errors = []
    for f in files:
        with open(f) as fh:
            doc = yaml.load(fh, Loader=yaml.BaseLoader)  # every scalar a string: `NO` stays "NO"
        if doc is None:
            continue
        for coll, recs in doc.items():
            if coll not in SCHEMA:
                errors.append(f"{f}: unknown collection {coll}")
                continue
            req, opt = SCHEMA[coll]
            for r in recs or []:
                r = {k: v for k, v in r.items() if v not in ("null", "~", "")}
                missing = req - set(r)
                extra = set(r) - req - opt
                if missing or extra:
                    errors.append(f"{f}: {coll} {r.get('id')}: missing {missing} extra {extra}")
                for k in list(r):
                    if k in DATE_FIELDS and coll != "indemnities" or (coll == "indemnities" and k == "date"):
                        r[k] = D(r[k])
                if coll == "members":
                    res = r["residence"]
                    if set(res) - {"country", "city", "arrondissement"} or not {"country", "city"} <= set(res):
                        errors.append(f"{f}: bad residence {r['id']}")
                    if res["city"] == "Paris" and "arrondissement" not in res:
                        errors.append(f"{f}: no arrondissement {r['id']}")
                    if "arrondissement" in res:
                        res["arrondissement"] = int(res["arrondissement"])
                        assert 1 <= res["arrondissement"] <= 20
                    assert r["gender"] in ("F", "M", "X") and r["channel"] in (
                        "electoral_roll", "non_eu_resident", "minor")
                if coll == "sessions":
                    r["present"] = int(r["present"])
                    assert r["kind"] in ("installation", "plenary", "workshop")
                if coll == "decisions":
                    assert r["kind"] in ("budget_theme", "evaluation_request", "bill", "jury_installation",
                                         "mandate_extension", "recommendation", "wish")
                    assert r["adopted_by"] in ("consensus", "majority")
                    if r["adopted_by"] == "majority" and "votes" not in r:
                        errors.append(f"{f}: majority without votes {r['id']}")
                    if "votes" in r:
                        r["votes"] = {k: int(v) for k, v in r["votes"].items()}
                        assert set(r["votes"]) == {"for", "against", "abstain"}
                if coll == "committee":
                    assert r["seat"] in ("assembly", "political_group", "expert")
                    if (r["seat"] == "assembly") != ("member" in r) or (r["seat"] == "political_group") != (
                            "group" in r):
                        errors.append(f"{f}: committee seat fields {r['id']}")
                if coll == "secretariat":
                    r["fte"] = float(r["fte"])
                if coll == "activity_reports":
                    r["year"] = int(r["year"])
                if coll in ("council_groups", "committee", "secretariat") and r.get("to") and r["to"] <= r["from"]:
                    errors.append(f"{f}: interval {r['id']}")
                data[coll].append(r)
    for coll, recs in data.items():
        ids = Counter(r["id"] for r in recs)
        for i, c in ids.items():
            if c > 1:
                errors.append(f"duplicate id {coll} {i}")
    idx = {c: {r["id"]: r for r in recs} for c, recs in data.items()}
    for (coll, field), target in REFS.items():
        for r in data.get(coll, []):
            if field in r and r[field] not in idx.get(target, {}):
                errors.append(f"dangling {coll} {r['id']}.{field} -> {r[field]}")
    return data, idx, errors


def check(data, idx, as_of):
    F = []
    P = idx.get("promotions", {})
    members = data.get("members", [])
    sessions = data.get("sessions", [])
    decisions = data.get("decisions", [])
    S = idx.get("sessions", {})

    def active(m, d):
        return m["joined_on"] <= d and (m.get("left_on") is None or d < m["left_on"]) and d < P[m["promotion"]][
            "mandate_end"]

    def at_inst(p):
        return [m for m in members if m["promotion"] == p["id"] and active(m, p["installed_on"])]

    # members
    replacers = Counter(m["replaces"] for m in members if "replaces" in m)
    for m in members:
        p = P[m["promotion"]]
        drawn = p["drawn_on"]
        a = age(m["birth_date"], drawn)
        if drawn >= PARAM_FROM and a < 16:
            F.append(("MEM-AGE", m["id"]))
        if m["residence"]["country"] != "FR":
            F.append(("MEM-RESIDENCE", m["id"]))
        if m["residence"]["city"] != "Paris":
            F.append(("MEM-PARIS", m["id"]))
        if drawn >= PARAM_FROM:
            ch, nat = m["channel"], m["nationality"]
            bad = (ch == "minor" and a >= 18) or (ch == "electoral_roll" and (a < 18 or nat not in EU)) or (
                ch == "non_eu_resident" and nat in EU)
            if bad:
                F.append(("MEM-CHANNEL", m["id"]))
        if not (drawn <= m["joined_on"] < p["mandate_end"]) or (
                m.get("left_on") is not None and m["left_on"] <= m["joined_on"]):
            F.append(("MEM-DATES", m["id"]))
        if "replaces" in m:
            x = idx["members"][m["replaces"]]
            if x["promotion"] != m["promotion"] or x["channel"] != m["channel"] or x.get("left_on") is None or x[
                    "left_on"] > m["joined_on"] or replacers[x["id"]] > 1:
                F.append(("MEM-REPLACEMENT", m["id"]))
    for p in data.get("promotions", []):
        inst = at_inst(p)
        n = len(inst)
        if p["drawn_on"] >= PARAM_FROM:
            if n != 100:
                F.append(("MEM-COUNT", p["id"]))
            nf = sum(m["gender"] == "F" for m in inst)
            nm = sum(m["gender"] == "M" for m in inst)
            assert n > 0, "parity on zero members is an ambiguous situation"
            if nf * 100 < 45 * n or nm * 100 < 45 * n:
                F.append(("MEM-PARITY", p["id"]))
        if p["drawn_on"] >= QUOTA_FROM:
            c = Counter(m["channel"] for m in inst)
            if (c["electoral_roll"], c["non_eu_resident"], c["minor"]) != (80, 15, 5):
                F.append(("MEM-QUOTA", p["id"]))
        arr = {m["residence"]["arrondissement"] for m in inst if m["residence"]["city"] == "Paris"}
        if arr != set(range(1, 21)):
            F.append(("MEM-ARRONDISSEMENTS", p["id"]))
        inst_on, end = p["installed_on"], p["mandate_end"]
        bad = not (p["drawn_on"] <= inst_on < end)
        if inst_on >= PARAM_FROM and end > add_months(inst_on, 18 if "extended_by" in p else 12):
            bad = True
        if bad:
            F.append(("MAN-LENGTH", p["id"]))
        if "extended_by" in p:
            d = idx["decisions"][p["extended_by"]]
            s = S[d["session"]]
            if d["kind"] != "mandate_extension" or s["promotion"] != p["id"] or (
                    inst_on >= PARAM_FROM and not s["date"] < add_months(inst_on, 12)):
                F.append(("MAN-EXTENSION", p["id"]))
        k = 0
        while True:
            ys, ye = add_months(inst_on, 12 * k), add_months(inst_on, 12 * (k + 1))
            if not (ye <= as_of and ye <= end):
                break
            if ys >= PARAM_FROM:
                cnt = sum(1 for s in sessions if s["promotion"] == p["id"] and s["kind"] == "plenary" and ys <= s[
                    "date"] < ye)
                if cnt < 2:
                    F.append(("SES-PLENARIES", p["id"]))
            k += 1
    # sessions and decisions
    for s in sessions:
        n_act = sum(1 for m in members if m["promotion"] == s["promotion"] and active(m, s["date"]))
        if s["present"] > n_act:
            F.append(("SES-ATTENDANCE", s["id"]))
    for d in decisions:
        s = S[d["session"]]
        if d["kind"] in ("budget_theme", "evaluation_request", "bill", "jury_installation",
                         "mandate_extension") and s["kind"] != "plenary":
            F.append(("SES-PLENARY-POWERS", d["id"]))
        v = d.get("votes")
        if (d["adopted_by"] == "majority" and not v["for"] > v["against"]) or (
                d["adopted_by"] == "consensus" and v and v["against"] != 0):
            F.append(("SES-MAJORITY", d["id"]))
        if v and sum(v.values()) > s["present"]:
            F.append(("SES-ATTENDANCE", d["id"]))
    # yearly powers
    for kind, rule in (("budget_theme", "POW-BUDGET-THEME"), ("evaluation_request", "POW-EVALUATION"),
                       ("bill", "POW-BILL")):
        by_year = defaultdict(list)
        for d in decisions:
            if d["kind"] == kind:
                by_year[S[d["session"]]["date"].year].append((S[d["session"]]["date"], d["id"]))
        for y, lst in by_year.items():
            for _, i in sorted(lst)[1:]:
                F.append((rule, i))
    juries = data.get("juries", [])
    by_year = defaultdict(list)
    for j in juries:
        by_year[j["installed_on"].year].append((j["installed_on"], j["id"]))
    later = {i for lst in by_year.values() for _, i in sorted(lst)[1:]}
    for j in juries:
        d = idx["decisions"][j["installed_by"]]
        if j["id"] in later or d["kind"] != "jury_installation" or S[d["session"]]["date"] > j["installed_on"]:
            F.append(("POW-JURY", j["id"]))
    for d in decisions:
        if d["kind"] == "bill" and "jury" in d:
            j = idx["juries"][d["jury"]]
            if j.get("recommendation_on") is None or S[d["session"]]["date"] < j["recommendation_on"]:
                F.append(("POW-JURY-BILL", d["id"]))
    assert not data.get("participatory_budgets") and not data.get("indemnities") and not data.get("submissions"), \
        "not implemented in this oracle"
    # council report
    years = set()
    for p in data.get("promotions", []):
        for y in range(p["installed_on"].year, p["mandate_end"].year + 1):
            if p["installed_on"] <= dt.date(y, 12, 31) and dt.date(y, 1, 1) < p["mandate_end"] and p[
                    "installed_on"] < p["mandate_end"]:
                years.add(y)
    for y in years:
        deadline = dt.date(y + 1, 3, 31)
        if not deadline < as_of:
            continue
        reps = [r for r in data.get("activity_reports", []) if r["year"] == y]
        for r in reps:
            if r["published_on"] > deadline or r.get("sent_to_council_on") is None or r[
                    "sent_to_council_on"] > deadline:
                F.append(("COU-REPORT", r["id"]))
        if not reps:
            cands = [p for p in data["promotions"] if p["installed_on"] <= dt.date(y, 12, 31) and dt.date(y, 1, 1) <
                     p["mandate_end"] and p["installed_on"] < p["mandate_end"]]
            p = max(cands, key=lambda p: (p["installed_on"], p["id"]))
            F.append(("COU-REPORT", p["id"]))
    # committee
    for s in sessions:
        if s["kind"] != "plenary":
            continue
        d = s["date"]
        seats = [c for c in data.get("committee", []) if in_force(c, d)]
        if sum(c["seat"] == "expert" for c in seats) != 4:
            F.append(("COM-EXPERTS", s["id"]))
        groups = {g["id"] for g in data.get("council_groups", []) if in_force(g, d)}
        held = Counter(c["group"] for c in seats if c["seat"] == "political_group")
        if any(held[g] != 1 for g in groups) or any(g not in groups for g in held):
            F.append(("COM-GROUPS", s["id"]))
        asm = [c for c in seats if c["seat"] == "assembly"]
        if len(asm) < 1 or any(not active(idx["members"][c["member"]], d) for c in asm):
            F.append(("COM-ASSEMBLY", s["id"]))
        if sum(r["fte"] for r in data.get("secretariat", []) if in_force(r, d)) < 1.0:
            F.append(("SEC-STAFF", s["id"]))
    return F


def run_case(case_dir):
    with open(os.path.join(case_dir, "case.yaml")) as fh:
        case = yaml.safe_load(fh)
    files = sorted(f for f in glob.glob(os.path.join(case_dir, "**", "*.y*ml"), recursive=True)
                   if os.path.basename(f) != "case.yaml" and f.endswith((".yaml", ".yml")))
    data, idx, errors = load(files)
    if errors:
        return ["DATA: " + e for e in errors]
    as_of = case["as_of"] if isinstance(case["as_of"], dt.date) else D(case["as_of"])
    found = Counter(check(data, idx, as_of))
    expected = Counter((e["rule"], str(e["record"]) if e["record"] is not None else None) for e in case["expect"])
    out = []
    for k in expected - found:
        out.append(f"missing {k}")
    for k in found - expected:
        out.append(f"unexpected {k}")
    return out


def main():
    roots = sys.argv[1:] or ["cases"]
    dirs = []
    for r in roots:
        for dp, _, fn in os.walk(r):
            if "case.yaml" in fn:
                dirs.append(dp)
    bad = 0
    for d in sorted(dirs):
        res = run_case(d)
        if res:
            bad += 1
            print(f"FAIL {d}")
            for line in res:
                print("   ", line)
    print(f"{len(dirs) - bad} agree, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""A throw-away cross-check of the scenario cases' expectations: NOT the implementation, NOT normative.

    python3 oracle_b.py [CASE_DIR]...     (default: every case folder under cases/ that is not DATA-*)

It evaluates the 31 rules of shared/spec/regulation.md, as read by the author of the cases, on each case's data
(assumed valid: data errors are not detected here) and prints the difference with the case's `expect`.
It only serves to catch collateral findings forgotten when an expectation was worked out by hand.
"""
import calendar
import glob
import os
import sys
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import yaml

REGULATION = date(2021, 10, 1)
QUOTAS_FROM = date(2023, 6, 1)
EU = set("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())


def D(s):
    return None if s in (None, "", "null", "~") else date.fromisoformat(str(s))


def add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def age(birth, d):
    return d.year - birth.year - ((d.month, d.day) < (birth.month, birth.day))


def p(d):  # is the regulation (any parameter) in force on d?
    return d >= REGULATION


def in_force(r, d):
    return D(r["from"]) <= d and (D(r.get("to")) is None or d < D(r.get("to")))


def load(case_dir):
    data = defaultdict(list)
    files = sorted(
        f for f in glob.glob(os.path.join(case_dir, "**", "*.y*ml"), recursive=True)
        if os.path.basename(f) != "case.yaml"
    )
    for f in files:
        doc = yaml.load(open(f, encoding="utf-8"), Loader=yaml.BaseLoader) or {}
        for k, v in doc.items():
            data[k].extend(v or [])
    return data


def check(data, as_of):
    F = []
    promos = {r["id"]: r for r in data["promotions"]}
    members = {r["id"]: r for r in data["members"]}
    sessions = {r["id"]: r for r in data["sessions"]}
    decisions = {r["id"]: r for r in data["decisions"]}
    juries = {r["id"]: r for r in data["juries"]}

    def active(m, d):
        pr = promos[m["promotion"]]
        return D(m["joined_on"]) <= d and (D(m.get("left_on")) is None or d < D(m.get("left_on"))) and d < D(pr["mandate_end"])

    def at_install(pid):
        pr = promos[pid]
        return [m for m in members.values() if m["promotion"] == pid and active(m, D(pr["installed_on"]))]

    def ddate(dec):
        return D(sessions[dec["session"]]["date"])

    # membership
    for m in members.values():
        pr = promos[m["promotion"]]
        drawn = D(pr["drawn_on"])
        a = age(D(m["birth_date"]), drawn)
        if p(drawn) and a < 16:
            F.append(("MEM-AGE", m["id"]))
        if m["residence"]["country"] != "FR":
            F.append(("MEM-RESIDENCE", m["id"]))
        if m["residence"]["city"] != "Paris":
            F.append(("MEM-PARIS", m["id"]))
        if p(drawn):
            ch = m["channel"]
            bad = (ch == "minor" and a >= 18) or (ch == "electoral_roll" and (a < 18 or m["nationality"] not in EU)) or (
                ch == "non_eu_resident" and m["nationality"] in EU)
            if bad:
                F.append(("MEM-CHANNEL", m["id"]))
        j, l = D(m["joined_on"]), D(m.get("left_on"))
        if not (drawn <= j < D(pr["mandate_end"])) or (l is not None and not l > j):
            F.append(("MEM-DATES", m["id"]))
        if m.get("replaces"):
            x = members[m["replaces"]]
            others = [o for o in members.values() if o.get("replaces") == m["replaces"] and o["id"] != m["id"]]
            if x["promotion"] != m["promotion"] or x["channel"] != m["channel"] or D(x.get("left_on")) is None or D(x.get("left_on")) > j or others:
                F.append(("MEM-REPLACEMENT", m["id"]))
    for pid, pr in promos.items():
        drawn, inst, end = D(pr["drawn_on"]), D(pr["installed_on"]), D(pr["mandate_end"])
        ai = at_install(pid)
        if p(drawn):
            if len(ai) != 100:
                F.append(("MEM-COUNT", pid))
            if drawn >= QUOTAS_FROM:
                c = defaultdict(int)
                for m in ai:
                    c[m["channel"]] += 1
                if (c["electoral_roll"], c["non_eu_resident"], c["minor"]) != (80, 15, 5):
                    F.append(("MEM-QUOTA", pid))
            nf = sum(1 for m in ai if m["gender"] == "F")
            nm = sum(1 for m in ai if m["gender"] == "M")
            if nf * 100 < 45 * len(ai) or nm * 100 < 45 * len(ai):
                F.append(("MEM-PARITY", pid))
        arrs = {int(m["residence"]["arrondissement"]) for m in ai if m["residence"]["city"] == "Paris"}
        if arrs != set(range(1, 21)):
            F.append(("MEM-ARRONDISSEMENTS", pid))
        bad = not (drawn <= inst < end)
        if p(inst):
            limit = add_months(inst, 18 if pr.get("extended_by") else 12)
            bad = bad or end > limit
        if bad:
            F.append(("MAN-LENGTH", pid))
        if pr.get("extended_by"):
            dec = decisions[pr["extended_by"]]
            if dec["kind"] != "mandate_extension" or sessions[dec["session"]]["promotion"] != pid or not ddate(dec) < add_months(inst, 12):
                F.append(("MAN-EXTENSION", pid))
        k = 0
        while True:
            ys, ye = add_months(inst, 12 * k), add_months(inst, 12 * (k + 1))
            if not (ye <= as_of and ye <= end):
                break
            if p(ys):
                n = sum(1 for s in sessions.values() if s["promotion"] == pid and s["kind"] == "plenary" and ys <= D(s["date"]) < ye)
                if n < 2:
                    F.append(("SES-PLENARIES", pid))
            k += 1
    # sessions & decisions
    for s in sessions.values():
        d = D(s["date"])
        n = sum(1 for m in members.values() if m["promotion"] == s["promotion"] and active(m, d))
        if int(s["present"]) > n:
            F.append(("SES-ATTENDANCE", s["id"]))
    for dec in decisions.values():
        s = sessions[dec["session"]]
        if dec["kind"] in ("budget_theme", "evaluation_request", "bill", "jury_installation", "mandate_extension") and s["kind"] != "plenary":
            F.append(("SES-PLENARY-POWERS", dec["id"]))
        v = dec.get("votes")
        if dec["adopted_by"] == "majority" and not int(v["for"]) > int(v["against"]):
            F.append(("SES-MAJORITY", dec["id"]))
        if dec["adopted_by"] == "consensus" and v and int(v["against"]) != 0:
            F.append(("SES-MAJORITY", dec["id"]))
        if v and int(v["for"]) + int(v["against"]) + int(v["abstain"]) > int(s["present"]):
            F.append(("SES-ATTENDANCE", dec["id"]))
    # yearly powers
    for kind, rule in (("budget_theme", "POW-BUDGET-THEME"), ("evaluation_request", "POW-EVALUATION"), ("bill", "POW-BILL")):
        by = defaultdict(list)
        for dec in decisions.values():
            if dec["kind"] == kind:
                by[ddate(dec).year].append((ddate(dec), dec["id"]))
        for lst in by.values():
            for _, i in sorted(lst)[1:]:
                F.append((rule, i))
    by = defaultdict(list)
    for j in juries.values():
        by[D(j["installed_on"]).year].append((D(j["installed_on"]), j["id"]))
    later = {i for lst in by.values() for _, i in sorted(lst)[1:]}
    for j in juries.values():
        dec = decisions[j["installed_by"]]
        if j["id"] in later or dec["kind"] != "jury_installation" or ddate(dec) > D(j["installed_on"]):
            F.append(("POW-JURY", j["id"]))
    for dec in decisions.values():
        if dec["kind"] == "bill" and dec.get("jury"):
            r = D(juries[dec["jury"]].get("recommendation_on"))
            if r is None or ddate(dec) < r:
                F.append(("POW-JURY-BILL", dec["id"]))
    for b in data["participatory_budgets"]:
        y = int(b["year"])
        dec = decisions[b["theme_decision"]]
        if dec["kind"] != "budget_theme" or ddate(dec).year != y - 1:
            F.append(("PB-THEME", b["id"]))
        if p(date(y, 1, 1)) and Decimal(b["amount_eur"]) != Decimal(100000000):
            F.append(("PB-AMOUNT", b["id"]))
    # council
    for sub in data["submissions"]:
        so = D(sub["submitted_on"])
        if not p(so):
            continue
        dl = add_months(so, 6)
        cr = sub.get("council_response")
        if cr:
            rd = D(cr["date"])
            if rd < so or rd > dl:
                F.append(("COU-RESPONSE", sub["id"]))
        elif dl < as_of:
            F.append(("COU-RESPONSE", sub["id"]))
    years = set()
    for pr in promos.values():
        inst, end = D(pr["installed_on"]), D(pr["mandate_end"])
        if inst < end:
            years.update(range(inst.year, (end - timedelta(days=1)).year + 1))
    for y in sorted(years):
        inm = [pr for pr in promos.values() if D(pr["installed_on"]) <= date(y, 12, 31) and D(pr["mandate_end"]) > date(y, 1, 1)
               and D(pr["installed_on"]) < D(pr["mandate_end"])]
        if not inm or not p(date(y + 1, 1, 1)):
            continue
        dl = date(y + 1, 3, 31)
        if not dl < as_of:
            continue
        reps = [r for r in data["activity_reports"] if int(r["year"]) == y]
        for r in reps:
            if D(r["published_on"]) > dl or D(r.get("sent_to_council_on")) is None or D(r.get("sent_to_council_on")) > dl:
                F.append(("COU-REPORT", r["id"]))
        if not reps:
            F.append(("COU-REPORT", max(inm, key=lambda pr: (D(pr["installed_on"]), pr["id"]))["id"]))
    # committee & secretariat
    for s in sessions.values():
        if s["kind"] != "plenary":
            continue
        d = D(s["date"])
        if not p(d):
            continue
        seats = [c for c in data["committee"] if in_force(c, d)]
        if sum(1 for c in seats if c["seat"] == "expert") != 4:
            F.append(("COM-EXPERTS", s["id"]))
        groups = {g["id"] for g in data["council_groups"] if in_force(g, d)}
        gs = [c["group"] for c in seats if c["seat"] == "political_group"]
        if any(gs.count(g) != 1 for g in groups) or any(g not in groups for g in gs):
            F.append(("COM-GROUPS", s["id"]))
        asm = [c for c in seats if c["seat"] == "assembly"]
        if len(asm) < 1 or any(not active(members[c["member"]], d) for c in asm):
            F.append(("COM-ASSEMBLY", s["id"]))
        if sum((Decimal(x["fte"]) for x in data["secretariat"] if in_force(x, d)), Decimal(0)) < 1:
            F.append(("SEC-STAFF", s["id"]))
    for i in data["indemnities"]:
        d = D(i["date"])
        if p(d) and Decimal(i["amount_eur"]) != int(i["half_days"]) * Decimal("44.00"):
            F.append(("IND-AMOUNT", i["id"]))
        if not active(members[i["member"]], d):
            F.append(("IND-ACTIVE", i["id"]))
    return F


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    dirs = sys.argv[1:] or sorted(
        os.path.dirname(c) for c in glob.glob(os.path.join(here, "..", "*", "*", "case.yaml"))
        if not os.path.basename(os.path.dirname(os.path.dirname(c))).startswith("DATA-"))
    bad = 0
    for cd in dirs:
        case = yaml.load(open(os.path.join(cd, "case.yaml")), Loader=yaml.BaseLoader)
        exp = sorted((e["rule"], e["record"]) for e in (case.get("expect") or []))
        got = sorted(check(load(cd), D(case["as_of"])))
        name = os.path.relpath(cd, os.path.join(here, ".."))
        if exp != got:
            bad += 1
            missing = [x for x in exp if exp.count(x) > got.count(x)]
            extra = [x for x in got if got.count(x) > exp.count(x)]
            print(f"DIFF {name}: expected-not-found {sorted(set(missing))} found-not-expected {sorted(set(extra))}")
        else:
            print(f"ok   {name}")
    print(f"{len(dirs) - bad} agree, {bad} differ")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate the realistic Paris dataset of `cases/paris/` (promotions 1 to 3, 2021-2025).

    python3 tools/make_paris.py [OUT_DIR]        # default: cases/paris next to this tools/ folder

Deterministic: a fixed random seed, no clock. The dates and counts follow /work/shared/spec/background.md
(docs: the data format, the regulation). Members are pseudonymous and their attributes invented.

Everything is clean against the 31 rules of the regulation except the findings planted in PLANTED below, which
`case.yaml` expects. Before writing, the generator checks its own data with `reference_check()`, a small
independent re-implementation of the 31 rules in Python, and asserts that the findings are exactly the planted
ones; it then re-reads every written file with a YAML parser and compares it to the data it meant to write.
"""

import calendar
import datetime as dt
import json
import os
import random
import re
import sys

SEED = 20211127
AS_OF = dt.date(2025, 12, 31)
D = dt.date.fromisoformat
rng = random.Random(SEED)


# ---------------------------------------------------------------- dates

def add_months(d, n):
    """n months after d, keeping the day of month, else the last day of the month (regulation.md, Months)."""
    y, m = divmod(d.month - 1 + n, 12)
    y, m = y + d.year, m + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def age_on(birth, d):
    """Whole years completed (29 February completes on 1 March in a common year)."""
    return d.year - birth.year - ((d.month, d.day) < (birth.month, birth.day))


class Money:
    """Euros as integer cents, written with two decimals."""

    def __init__(self, cents, whole=False):
        self.cents, self.whole = cents, whole

    def __str__(self):
        if self.whole and self.cents % 100 == 0:
            return "%d" % (self.cents // 100)
        return "%d.%02d" % divmod(self.cents, 100)

    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents


# ---------------------------------------------------------------- parameters (regulation.md)

EU = set("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())
QUOTAS_FROM = D("2023-06-01")
QUOTAS = {"electoral_roll": 80, "non_eu_resident": 15, "minor": 5}
PER_HALF_DAY = Money(4400)
PB_AMOUNT = Money(100_000_000_00, whole=True)

# ---------------------------------------------------------------- promotions

PROMOTIONS = [
    # id, drawn_on, installed_on, mandate_end, extended_by
    ("P1", D("2021-10-16"), D("2021-11-27"), D("2023-03-17"), "extension"),  # set below  # texts adopted 16 March 2023
    ("P2", D("2023-06-20"), D("2023-07-08"), D("2024-07-08"), None),          # presented 9 July 2024
    ("P3", D("2024-07-04"), D("2024-09-21"), D("2025-07-05"), None),          # drawn before a bailiff
]
PROMO = {p[0]: dict(id=p[0], drawn_on=p[1], installed_on=p[2], mandate_end=p[3], extended_by=p[4])
         for p in PROMOTIONS}

# members at installation per channel and gender (P1 had no quota; P2 and P3 follow 80/15/5)
COMPOSITION = {
    "P1": ({"electoral_roll": 88, "non_eu_resident": 8, "minor": 4}, {"F": 51, "M": 49}),
    "P2": ({"electoral_roll": 80, "non_eu_resident": 15, "minor": 5}, {"F": 50, "M": 49, "X": 1}),
    "P3": ({"electoral_roll": 80, "non_eu_resident": 15, "minor": 5}, {"F": 50, "M": 50}),
}
# members leaving during the mandate: (channel, replaced?)
LEAVERS = {
    "P1": [("electoral_roll", True), ("electoral_roll", True), ("electoral_roll", False),
           ("non_eu_resident", True), ("electoral_roll", True), ("minor", False)],
    "P2": [("electoral_roll", True), ("minor", True), ("non_eu_resident", False)],
    "P3": [("electoral_roll", True), ("non_eu_resident", True), ("electoral_roll", True)],
}

# population of the arrondissements (thousands, rounded): the weights of the draw
ARR_WEIGHT = {1: 16, 2: 21, 3: 34, 4: 28, 5: 57, 6: 40, 7: 49, 8: 35, 9: 59, 10: 83, 11: 142, 12: 139,
              13: 178, 14: 134, 15: 227, 16: 162, 17: 164, 18: 189, 19: 182, 20: 190}
EU_OTHER = ["PT", "IT", "ES", "DE", "BE", "RO", "PL", "NL", "IE", "GR"]
NON_EU = ["DZ", "MA", "TN", "SN", "ML", "CI", "CM", "CN", "VN", "BR", "US", "GB", "TR", "LB", "HT", "CO",
          "MG", "CD", "IN", "UA"]
AGE_GROUPS = [((18, 24), 11), ((25, 34), 20), ((35, 49), 27), ((50, 64), 23), ((65, 84), 19)]


def weighted(pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]


def birth_for(channel, drawn):
    if channel == "minor":
        lo, hi = 16, 17
    else:
        lo, hi = weighted(AGE_GROUPS)
    while True:
        age = rng.randint(lo, hi)
        b = dt.date(drawn.year - age - 1, 1, 1) + dt.timedelta(days=rng.randrange(365))
        a = age_on(b, drawn)
        # keep away from the boundaries of the channel (a clean dataset, not an edge case)
        if lo <= a <= hi and (channel != "minor" or age_on(b, drawn + dt.timedelta(days=20)) <= 17):
            if channel == "minor" or a >= 18:
                return b


def nationality_for(channel, promo):
    if channel == "electoral_roll":
        return "FR" if rng.random() < 0.86 else rng.choice(EU_OTHER)
    if channel == "non_eu_resident":
        return rng.choice(NON_EU)
    return "FR" if rng.random() < 0.8 else rng.choice(["PT", "MA", "DZ", "SN", "CN"])


def make_members():
    members = []
    for pid in ("P1", "P2", "P3"):
        p = PROMO[pid]
        per_channel, per_gender = COMPOSITION[pid]
        channels = [c for c, n in per_channel.items() for _ in range(n)]
        genders = [g for g, n in per_gender.items() for _ in range(n)]
        rng.shuffle(genders)
        arrs = list(range(1, 21)) + [weighted(list(ARR_WEIGHT.items())) for _ in range(80)]
        rng.shuffle(arrs)
        originals = []
        for ch, g, arr in zip(channels, genders, arrs):
            originals.append(dict(promotion=pid, birth_date=birth_for(ch, p["drawn_on"]), gender=g,
                                  nationality=nationality_for(ch, pid),
                                  residence=dict(country="FR", city="Paris", arrondissement=arr),
                                  channel=ch, joined_on=p["installed_on"]))
        rng.shuffle(originals)
        originals = [dict(id="%s-%03d" % (pid, i), **m) for i, m in enumerate(originals, 1)]
        if pid == "P2":  # one Norwegian resident: `nationality: NO` is Norway (YAML 1.2 core schema)
            nx = next(m for m in originals if m["channel"] == "non_eu_resident")
            nx["nationality"] = "NO"
        # leavers and replacements (drawn from the reserve list of the same draw)
        span = (p["mandate_end"] - p["installed_on"]).days
        nxt = len(originals) + 1
        used = set()
        replacements = []
        for ch, replaced in LEAVERS[pid]:
            x = rng.choice([m for m in originals if m["channel"] == ch and m["id"] not in used
                            and m["nationality"] != "NO"])
            used.add(x["id"])
            x["left_on"] = p["installed_on"] + dt.timedelta(days=rng.randint(45, span - 120))
            if replaced:
                joined = x["left_on"] + dt.timedelta(days=rng.randint(0, 35))
                r = dict(id="%s-%03d" % (pid, nxt), promotion=pid, birth_date=birth_for(ch, p["drawn_on"]), gender=x["gender"],
                         nationality=nationality_for(ch, pid),
                         residence=dict(country="FR", city="Paris",
                                        arrondissement=weighted(list(ARR_WEIGHT.items()))),
                         channel=ch, joined_on=joined, replaces=x["id"])
                nxt += 1
                replacements.append(r)
        members += originals + replacements
    return members


MEMBERS = make_members()
MEM = {m["id"]: m for m in MEMBERS}


def active(m, d):
    return (m["joined_on"] <= d and ("left_on" not in m or d < m["left_on"])
            and d < PROMO[m["promotion"]]["mandate_end"])


def active_of(pid, d):
    return [m for m in MEMBERS if m["promotion"] == pid and active(m, d)]


# ---------------------------------------------------------------- sessions

SESSION_DATES = {
    "P1": dict(plenary="2021-12-11 2022-03-19 2022-06-18 2022-10-15 2022-12-10 2023-01-28 2023-03-16",
               workshop="2022-01-15 2022-02-12 2022-04-09 2022-05-14 2022-09-17 2022-11-19 2023-02-11 "
                        "2023-03-04"),
    "P2": dict(plenary="2023-10-14 2023-11-18 2024-01-20 2024-03-16 2024-05-25 2024-06-29",
               workshop="2023-09-16 2023-10-28 2023-12-09 2024-02-10 2024-04-13 2024-06-08"),
    "P3": dict(plenary="2024-11-16 2025-01-25 2025-03-15 2025-06-28",
               workshop="2024-10-12 2024-12-07 2025-02-08 2025-04-12 2025-05-17 2025-06-07"),
}
HALF_DAYS = {"installation": 2, "plenary": 2, "workshop": 1}


def make_sessions():
    sessions, attendance = [], {}
    for pid in ("P1", "P2", "P3"):
        p = PROMO[pid]
        items = [("installation", p["installed_on"])]
        for kind, dates in SESSION_DATES[pid].items():
            items += [(kind, D(s)) for s in dates.split()]
        items.sort(key=lambda kd: kd[1])
        for n, (kind, d) in enumerate(items, 1):
            act = active_of(pid, d)
            if kind == "workshop":
                k = rng.randint(22, 38)
            elif kind == "installation":
                k = len(act) - rng.randint(1, 6)
            else:
                k = round(len(act) * rng.uniform(0.80, 0.97))
            who = sorted(rng.sample(act, k), key=lambda m: m["id"])
            sid = "S-%s-%02d" % (pid, n)
            sessions.append(dict(id=sid, promotion=pid, kind=kind, date=d, present=len(who)))
            attendance[sid] = who
    return sessions, attendance


SESSIONS, ATTENDANCE = make_sessions()
SES = {s["id"]: s for s in SESSIONS}


def session_on(pid, d):
    (s,) = [s for s in SESSIONS if s["promotion"] == pid and s["date"] == D(d)]
    return s


# ---------------------------------------------------------------- decisions, juries, submissions

DECISION_SPECS = [
    # promotion, date, kind, subject, adopted_by, jury
    ("P1", "2021-12-11", "budget_theme", "Theme of the 2022 participatory budget: greening schoolyards and streets",
     "consensus", None),
    ("P1", "2022-03-19", "jury_installation", "Install a citizens' jury on the cleanliness of public space",
     "majority", None),
    ("P1", "2022-06-18", "recommendation", "Charter of the assembly's working methods", "consensus", None),
    ("P1", "2022-10-15", "evaluation_request", "Evaluation of the city's policy on cycling lanes", "majority",
     None),
    ("P1", "2022-10-15", "mandate_extension", "Extend the mandate of the first promotion by six months",
     "majority", None),
    ("P1", "2022-12-10", "budget_theme", "Theme of the 2023 participatory budget: solidarity and inclusion",
     "consensus", None),
    ("P1", "2023-01-28", "bill", "Draft deliberation on the cleanliness of public space", "majority", "J-2022"),
    ("P1", "2023-03-16", "wish", "Wish: a city plan for reading", "consensus", None),
    ("P1", "2023-03-16", "wish", "Wish: energy renovation of housing", "majority", None),
    ("P1", "2023-03-16", "wish", "Wish: a street code for sharing public space", "majority", None),
    ("P2", "2023-10-14", "jury_installation", "Install a citizens' jury on night-time shelter for homeless people",
     "majority", None),
    ("P2", "2023-11-18", "budget_theme", "Theme of the 2024 participatory budget: adapting the city to heat waves",
     "consensus", None),
    ("P2", "2024-03-16", "evaluation_request", "Evaluation of the emergency accommodation policy", "majority",
     None),
    ("P2", "2024-05-25", "bill", "Draft deliberation on night-time shelter", "majority", "J-2023"),
    ("P2", "2024-06-29", "wish", "Wish: ending street homelessness", "consensus", None),
    ("P2", "2024-06-29", "recommendation", "Deliberation on homelessness", "majority", None),
    ("P3", "2024-11-16", "budget_theme", "Theme of the 2025 participatory budget: youth and sport", "majority",
     None),
    ("P3", "2025-01-25", "jury_installation", "Install a citizens' jury on noise in the city", "majority", None),
    ("P3", "2025-03-15", "evaluation_request", "Evaluation of the school catering policy", "majority", None),
    ("P3", "2025-06-28", "bill", "Draft deliberation on noise in the city", "majority", "J-2025"),
    ("P3", "2025-06-28", "recommendation", "Deliberation workshop: recommendations on local democracy",
     "consensus", None),
]


def make_decisions():
    decisions, per_year = [], {}
    for pid, d, kind, subject, by, jury in DECISION_SPECS:
        s = session_on(pid, d)
        y = D(d).year
        per_year[y] = per_year.get(y, 0) + 1
        rec = dict(id="D-%d-%02d" % (y, per_year[y]), session=s["id"], kind=kind, subject=subject,
                   adopted_by=by)
        if by == "majority":
            voters = s["present"] - rng.randint(0, 4)
            against = rng.randint(1, voters // 5)
            abstain = rng.randint(0, voters // 8)
            rec["votes"] = {"for": voters - against - abstain, "against": against, "abstain": abstain}
        elif rng.random() < 0.5:
            rec["votes"] = {"for": s["present"] - 2, "against": 0, "abstain": 2}
        if jury:
            rec["jury"] = jury
        decisions.append(rec)
    return decisions


DECISIONS = make_decisions()
DEC = {x["id"]: x for x in DECISIONS}


def dec(kind, d):
    (x,) = [x for x in DECISIONS if x["kind"] == kind and SES[x["session"]]["date"] == D(d)]
    return x["id"]


PROMO["P1"]["extended_by"] = dec("mandate_extension", "2022-10-15")


def dec_subject(prefix):
    (x,) = [x for x in DECISIONS if x["subject"].startswith(prefix)]
    return x["id"]


JURIES = [
    dict(id="J-2022", installed_by=dec("jury_installation", "2022-03-19"), installed_on=D("2022-04-30"),
         topic="Cleanliness of public space", recommendation_on=D("2022-09-24")),
    dict(id="J-2023", installed_by=dec("jury_installation", "2023-10-14"), installed_on=D("2023-12-02"),
         topic="Night-time shelter for homeless people", recommendation_on=D("2024-04-06")),
    dict(id="J-2025", installed_by=dec("jury_installation", "2025-01-25"), installed_on=D("2025-02-22"),
         topic="Noise in the city", recommendation_on=D("2025-05-24")),
]

LATE_SUBMISSION = "SUB-08"   # planted COU-RESPONSE
SUBMISSION_SPECS = [
    # (decision or jury), kind, submitted_on, response date or None, council reference
    (("jury", "J-2022"), "recommendation", "2022-10-03", "2023-02-07", "2023 DPE 14"),
    (("decision", dec("evaluation_request", "2022-10-15")), "evaluation_request", "2022-10-24", "2023-01-17",
     "2023 SG 3"),
    (("decision", dec("bill", "2023-01-28")), "bill", "2023-02-06", "2023-04-05", "2023 DPE 41"),
    (("decision", dec_subject("Wish: a city plan")), "wish", "2023-03-27", "2023-07-04", "2023 V 212"),
    (("decision", dec_subject("Wish: energy")), "wish", "2023-03-27", "2023-07-04", "2023 V 213"),
    (("decision", dec_subject("Wish: a street code")), "wish", "2023-03-27", "2023-09-26", "2023 V 288"),
    (("decision", dec("evaluation_request", "2024-03-16")), "evaluation_request", "2024-03-25", "2024-06-18",
     "2024 SG 7"),
    # P2's wish, presented on 9 July 2024, answered in February 2025: the deadline was 9 January 2025
    (("decision", dec_subject("Wish: ending")), "wish", "2024-07-09", "2025-02-11", "2025 V 35"),
    (("jury", "J-2023"), "recommendation", "2024-04-15", "2024-07-02", "2024 DSOL 52"),
    (("decision", dec("bill", "2024-05-25")), "bill", "2024-06-03", "2024-10-08", "2024 DSOL 97"),
    (("decision", dec_subject("Deliberation on homelessness")), "recommendation", "2024-07-09", "2024-12-17",
     "2024 DSOL 130"),
    (("decision", dec("evaluation_request", "2025-03-15")), "evaluation_request", "2025-03-24", "2025-07-08",
     "2025 SG 9"),
    (("jury", "J-2025"), "recommendation", "2025-06-02", "2025-11-18", "2025 DTEC 88"),
    (("decision", dec("bill", "2025-06-28")), "bill", "2025-07-07", "2025-10-07", "2025 DTEC 102"),
    # answer pending on the as-of date, but its deadline (2026-01-07) is not yet past: no finding
    (("decision", dec_subject("Deliberation workshop")), "recommendation", "2025-07-07", None, None),
]


def make_submissions():
    out = []
    for n, ((field, ref), kind, sub, resp, reference) in enumerate(SUBMISSION_SPECS, 1):
        rec = {"id": "SUB-%02d" % n, field: ref, "kind": kind, "submitted_on": D(sub)}
        if resp:
            rec["council_response"] = {"date": D(resp), "reference": reference}
        out.append(rec)
    return out


SUBMISSIONS = make_submissions()
assert [s for s in SUBMISSIONS if s["id"] == LATE_SUBMISSION][0]["submitted_on"] == D("2024-07-09")

# ---------------------------------------------------------------- council groups, committee, secretariat

TERM = D("2020-07-03")
MERGE = D("2022-09-13")
SPLIT = D("2024-09-10")
COUNCIL_GROUPS = [
    dict(id="CG-PEC", name="Paris en Commun", **{"from": TERM}),
    dict(id="CG-GEP", name="Écologiste de Paris", **{"from": TERM, "to": MERGE}),
    dict(id="CG-GEN", name="Génération.s", **{"from": TERM, "to": MERGE}),
    dict(id="CG-ECO", name="Les Écologistes", **{"from": MERGE}),
    dict(id="CG-CEC", name="Communiste et Citoyen", **{"from": TERM}),
    dict(id="CG-CP", name="Changer Paris", **{"from": TERM}),
    dict(id="CG-IP", name="Indépendants et Progressistes", **{"from": TERM}),
    dict(id="CG-MDE", name="MoDem, Démocrates et Écologistes", **{"from": TERM, "to": SPLIT}),
    dict(id="CG-DP", name="Demain Paris", **{"from": SPLIT}),
    dict(id="CG-UC", name="Union Capitale", **{"from": SPLIT}),
    dict(id="CG-MI", name="MoDem et Indépendants", **{"from": SPLIT}),
]
COMMITTEE_START = D("2021-11-01")


def interval(frm, to=None):
    r = {"from": frm}
    if to:
        r["to"] = to
    return r


def make_committee():
    seats = []
    for i, (frm, to) in enumerate([(COMMITTEE_START, None), (COMMITTEE_START, None),
                                   (COMMITTEE_START, D("2023-09-01")), (COMMITTEE_START, None),
                                   (D("2023-09-01"), None)], 1):
        seats.append(dict(id="COM-EXP-%d" % i, holder="Expert %d" % i, seat="expert", **interval(frm, to)))
    for g in COUNCIL_GROUPS:
        seats.append(dict(id="COM-" + g["id"], holder="Councillor of %s" % g["name"], seat="political_group",
                          group=g["id"], **interval(max(g["from"], COMMITTEE_START), g.get("to"))))
    # two assembly seats per promotion, for its mandate; P2's first holder resigns and is succeeded
    n = 0
    for pid in ("P1", "P2", "P3"):
        p = PROMO[pid]
        stay = [m for m in MEMBERS if m["promotion"] == pid and m["joined_on"] == p["installed_on"]
                and "left_on" not in m]
        holders = rng.sample(stay, 3)
        if pid == "P2":
            quitter = next(m for m in MEMBERS if m["promotion"] == "P2" and "left_on" in m)
            plan = [(quitter, p["installed_on"], quitter["left_on"]), (holders[0], quitter["left_on"], p["mandate_end"]),
                    (holders[1], p["installed_on"], p["mandate_end"])]
        else:
            plan = [(holders[0], p["installed_on"], p["mandate_end"]), (holders[1], p["installed_on"], p["mandate_end"])]
        for m, frm, to in plan:
            n += 1
            seats.append(dict(id="COM-ASM-%02d" % n, holder=m["id"], seat="assembly", member=m["id"],
                              **interval(frm, to)))
    return seats


COMMITTEE = make_committee()
SECRETARIAT = [
    dict(id="SEC-1", role="Secretary of the assembly", fte=1, **interval(D("2021-10-15"), D("2023-05-01"))),
    dict(id="SEC-2", role="Secretary of the assembly", fte=1, **interval(D("2023-05-01"))),
    dict(id="SEC-3", role="Participation officer", fte=0.5, **interval(D("2024-09-01"))),
]
ACTIVITY_REPORTS = [
    dict(id="AR-2021", year=2021, published_on=D("2022-03-15"), sent_to_council_on=D("2022-03-22")),
    dict(id="AR-2022", year=2022, published_on=D("2023-03-20"), sent_to_council_on=D("2023-03-28")),
    dict(id="AR-2023", year=2023, published_on=D("2024-03-12"), sent_to_council_on=D("2024-03-19")),
    dict(id="AR-2024", year=2024, published_on=D("2025-03-18"), sent_to_council_on=D("2025-03-25")),
    # the 2025 report is due by 2026-03-31, after the as-of date: not yet published
]
PARTICIPATORY_BUDGETS = [
    dict(id="PB-%d" % y, year=y, amount_eur=PB_AMOUNT, theme=theme,
         theme_decision=dec("budget_theme", d))
    for y, theme, d in [(2022, "Greening schoolyards and streets", "2021-12-11"),
                        (2023, "Solidarity and inclusion", "2022-12-10"),
                        (2024, "Adapting the city to heat waves", "2023-11-18"),
                        (2025, "Youth and sport", "2024-11-16")]
]

# ---------------------------------------------------------------- indemnities


def make_indemnities():
    rows = []
    for s in SESSIONS:
        hd = HALF_DAYS[s["kind"]]
        for m in ATTENDANCE[s["id"]]:
            rows.append(dict(member=m["id"], date=s["date"], half_days=hd, amount_eur=Money(hd * PER_HALF_DAY.cents),
                             _promotion=s["promotion"]))
    # planted IND-AMOUNT: a plenary day (2 half-days) paid as one
    wrong = next(r for r in rows if r["date"] == D("2023-11-18") and r["half_days"] == 2)
    wrong["amount_eur"] = Money(4400)
    wrong["_planted"] = "IND-AMOUNT"
    # planted IND-ACTIVE: a member paid for the first workshop after their resignation
    for m in MEMBERS:
        if m["promotion"] == "P3" and "left_on" in m:
            ws = [s for s in SESSIONS if s["promotion"] == "P3" and s["kind"] == "workshop"
                  and s["date"] >= m["left_on"]]
            if ws:
                rows.append(dict(member=m["id"], date=ws[0]["date"], half_days=1, amount_eur=Money(4400),
                                 _promotion="P3", _planted="IND-ACTIVE"))
                break
    rows.sort(key=lambda r: (r["date"], r["member"]))
    return [dict(id="IND-%05d" % i, **r) for i, r in enumerate(rows, 1)]


INDEMNITIES = make_indemnities()
PLANTED = [("COU-RESPONSE", LATE_SUBMISSION)] + [(r["_planted"], r["id"]) for r in INDEMNITIES if "_planted" in r]
assert len(PLANTED) == 3, PLANTED


# ---------------------------------------------------------------- reference check of the 31 rules


def reference_check(as_of):
    """Findings (rule, record) of the 31 rules, written from regulation.md independently of the generation."""
    f = []
    members_of = {pid: [m for m in MEMBERS if m["promotion"] == pid] for pid in PROMO}
    # membership
    for m in MEMBERS:
        p = PROMO[m["promotion"]]
        drawn = p["drawn_on"]
        a = age_on(m["birth_date"], drawn)
        if a < 16:
            f.append(("MEM-AGE", m["id"]))
        if m["residence"]["country"] != "FR":
            f.append(("MEM-RESIDENCE", m["id"]))
        if m["residence"]["city"] != "Paris":
            f.append(("MEM-PARIS", m["id"]))
        ch = m["channel"]
        ok = {"minor": a < 18, "electoral_roll": a >= 18 and m["nationality"] in EU,
              "non_eu_resident": m["nationality"] not in EU}[ch]
        if not ok:
            f.append(("MEM-CHANNEL", m["id"]))
        if not (drawn <= m["joined_on"] < p["mandate_end"]) or ("left_on" in m and m["left_on"] <= m["joined_on"]):
            f.append(("MEM-DATES", m["id"]))
        if "replaces" in m:
            x = MEM[m["replaces"]]
            others = [o for o in MEMBERS if o.get("replaces") == x["id"]]
            if (x["promotion"] != m["promotion"] or x["channel"] != ch or "left_on" not in x
                    or x["left_on"] > m["joined_on"] or len(others) > 1):
                f.append(("MEM-REPLACEMENT", m["id"]))
    for pid, p in PROMO.items():
        inst = [m for m in members_of[pid] if active(m, p["installed_on"])]
        if len(inst) != 100:
            f.append(("MEM-COUNT", pid))
        if p["drawn_on"] >= QUOTAS_FROM and any(
                sum(1 for m in inst if m["channel"] == c) != q for c, q in QUOTAS.items()):
            f.append(("MEM-QUOTA", pid))
        if any(sum(1 for m in inst if m["gender"] == g) * 100 < 45 * len(inst) for g in "FM"):
            f.append(("MEM-PARITY", pid))
        if {m["residence"].get("arrondissement") for m in inst if m["residence"]["city"] == "Paris"} \
                != set(range(1, 21)):
            f.append(("MEM-ARRONDISSEMENTS", pid))
        # mandate
        limit = add_months(p["installed_on"], 18 if p["extended_by"] else 12)
        if not (p["drawn_on"] <= p["installed_on"] < p["mandate_end"] <= limit):
            f.append(("MAN-LENGTH", pid))
        if p["extended_by"]:
            x = DEC[p["extended_by"]]
            s = SES[x["session"]]
            if not (x["kind"] == "mandate_extension" and s["promotion"] == pid
                    and s["date"] < add_months(p["installed_on"], 12)):
                f.append(("MAN-EXTENSION", pid))
        k = 0
        while True:
            start, end = add_months(p["installed_on"], 12 * k), add_months(p["installed_on"], 12 * (k + 1))
            if end > as_of or end > p["mandate_end"]:
                break
            n = sum(1 for s in SESSIONS if s["promotion"] == pid and s["kind"] == "plenary"
                    and start <= s["date"] < end)
            if n < 2:
                f.append(("SES-PLENARIES", pid))
            k += 1
    # sessions and decisions
    for s in SESSIONS:
        if s["present"] > len(active_of(s["promotion"], s["date"])):
            f.append(("SES-ATTENDANCE", s["id"]))
    for x in DECISIONS:
        s = SES[x["session"]]
        if x["kind"] in ("budget_theme", "evaluation_request", "bill", "jury_installation",
                         "mandate_extension") and s["kind"] != "plenary":
            f.append(("SES-PLENARY-POWERS", x["id"]))
        v = x.get("votes")
        if (x["adopted_by"] == "majority" and not v["for"] > v["against"]) or \
                (x["adopted_by"] == "consensus" and v and v["against"] != 0):
            f.append(("SES-MAJORITY", x["id"]))
        if v and v["for"] + v["against"] + v["abstain"] > s["present"]:
            f.append(("SES-ATTENDANCE", x["id"]))
    ddate = lambda x: SES[x["session"]]["date"]
    for kind, rule in [("budget_theme", "POW-BUDGET-THEME"), ("evaluation_request", "POW-EVALUATION"),
                       ("bill", "POW-BILL")]:
        seen = set()
        for x in sorted((x for x in DECISIONS if x["kind"] == kind), key=lambda x: (ddate(x), x["id"])):
            if ddate(x).year in seen:
                f.append((rule, x["id"]))
            seen.add(ddate(x).year)
    seen = set()
    for j in sorted(JURIES, key=lambda j: (j["installed_on"], j["id"])):
        by = DEC[j["installed_by"]]
        if j["installed_on"].year in seen or by["kind"] != "jury_installation" or ddate(by) > j["installed_on"]:
            f.append(("POW-JURY", j["id"]))
        seen.add(j["installed_on"].year)
    juries = {j["id"]: j for j in JURIES}
    for x in DECISIONS:
        if x["kind"] == "bill" and "jury" in x:
            r = juries[x["jury"]].get("recommendation_on")
            if r is None or ddate(x) < r:
                f.append(("POW-JURY-BILL", x["id"]))
    for b in PARTICIPATORY_BUDGETS:
        x = DEC[b["theme_decision"]]
        if x["kind"] != "budget_theme" or ddate(x).year != b["year"] - 1:
            f.append(("PB-THEME", b["id"]))
        if b["amount_eur"] != PB_AMOUNT:
            f.append(("PB-AMOUNT", b["id"]))
    # council
    for s in SUBMISSIONS:
        deadline = add_months(s["submitted_on"], 6)
        r = s.get("council_response")
        if r is None:
            if deadline < as_of:
                f.append(("COU-RESPONSE", s["id"]))
        elif not (s["submitted_on"] <= r["date"] <= deadline):
            f.append(("COU-RESPONSE", s["id"]))
    years = set()
    for p in PROMO.values():
        years |= set(range(p["installed_on"].year, (p["mandate_end"] - dt.timedelta(days=1)).year + 1))
    for y in sorted(years):
        deadline = dt.date(y + 1, 3, 31)
        reps = [r for r in ACTIVITY_REPORTS if r["year"] == y]
        for r in reps:
            if deadline < as_of and (r["published_on"] > deadline or r.get("sent_to_council_on") is None
                                     or r["sent_to_council_on"] > deadline):
                f.append(("COU-REPORT", r["id"]))
        if not reps and deadline < as_of:
            f.append(("COU-REPORT", "year %d" % y))
    # committee and secretariat on every plenary date
    inforce = lambda r, d: r["from"] <= d and ("to" not in r or d < r["to"])
    for s in SESSIONS:
        if s["kind"] != "plenary":
            continue
        d = s["date"]
        seats = [c for c in COMMITTEE if inforce(c, d)]
        if sum(1 for c in seats if c["seat"] == "expert") != 4:
            f.append(("COM-EXPERTS", s["id"]))
        groups = {g["id"] for g in COUNCIL_GROUPS if inforce(g, d)}
        held = [c["group"] for c in seats if c["seat"] == "political_group"]
        if sorted(held) != sorted(groups):
            f.append(("COM-GROUPS", s["id"]))
        asm = [c for c in seats if c["seat"] == "assembly"]
        if len(asm) < 1 or any(not active(MEM[c["member"]], d) for c in asm):
            f.append(("COM-ASSEMBLY", s["id"]))
        if sum(x["fte"] for x in SECRETARIAT if inforce(x, d)) < 1:
            f.append(("SEC-STAFF", s["id"]))
    for r in INDEMNITIES:
        if r["amount_eur"].cents != r["half_days"] * PER_HALF_DAY.cents:
            f.append(("IND-AMOUNT", r["id"]))
        if not active(MEM[r["member"]], r["date"]):
            f.append(("IND-ACTIVE", r["id"]))
    return f


# ---------------------------------------------------------------- more assertions on the shape of the data

def self_assertions():
    for pid, p in PROMO.items():
        inst = active_of(pid, p["installed_on"])
        assert len(inst) == 100, (pid, len(inst))
        per_channel, per_gender = COMPOSITION[pid]
        for c, n in per_channel.items():
            assert sum(1 for m in inst if m["channel"] == c) == n
        for g, n in per_gender.items():
            assert sum(1 for m in inst if m["gender"] == g) == n
        assert {m["residence"]["arrondissement"] for m in inst} == set(range(1, 21))
    assert 290 <= len(MEMBERS) <= 320
    for pid in PROMO:
        p = PROMO[pid]
        assert all(p["installed_on"] <= s["date"] < p["mandate_end"] for s in SESSIONS if s["promotion"] == pid)
    # attendance matches the indemnities paid for each session
    for s in SESSIONS:
        paid = [r for r in INDEMNITIES if r["date"] == s["date"] and r["_promotion"] == s["promotion"]
                and r.get("_planted") != "IND-ACTIVE"]
        assert len(paid) == s["present"], s
    # at most one indemnity per member and day
    keys = [(r["member"], r["date"]) for r in INDEMNITIES]
    assert len(keys) == len(set(keys))
    # every reference resolves, ids unique
    for coll in COLLECTIONS.values():
        ids = [r["id"] for r in coll]
        assert len(ids) == len(set(ids))
    refs = [(MEMBERS, "promotion", PROMO), (MEMBERS, "replaces", MEM), (SESSIONS, "promotion", PROMO),
            (DECISIONS, "session", SES), (DECISIONS, "jury", {j["id"] for j in JURIES}),
            (JURIES, "installed_by", DEC), (SUBMISSIONS, "decision", DEC),
            (SUBMISSIONS, "jury", {j["id"] for j in JURIES}), (COMMITTEE, "member", MEM),
            (COMMITTEE, "group", {g["id"] for g in COUNCIL_GROUPS}), (INDEMNITIES, "member", MEM),
            (PARTICIPATORY_BUDGETS, "theme_decision", DEC), (PROMO.values(), "extended_by", DEC)]
    for coll, field, target in refs:
        for r in coll:
            if r.get(field) is not None:
                assert r[field] in target, (field, r[field])
    for s in SUBMISSIONS:
        assert ("decision" in s) != ("jury" in s)


# ---------------------------------------------------------------- YAML writing

PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def scalar(v):
    if isinstance(v, bool):
        raise TypeError(v)
    if isinstance(v, (dt.date, Money, int)):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        # `NO` (Norway) stays plain on purpose: the format is YAML 1.2 core schema
        if PLAIN.match(v) and (v.lower() not in RESERVED or v == "NO"):
            return v
        return json.dumps(v, ensure_ascii=False)
    raise TypeError(v)


def flow(rec):
    parts = []
    for k, v in rec.items():
        if k.startswith("_") or v is None:
            continue
        parts.append("%s: %s" % (k, flow(v) if isinstance(v, dict) else scalar(v)))
    return "{ " + ", ".join(parts) + " }"


def block(rec):
    lines = []
    for i, (k, v) in enumerate((k, v) for k, v in rec.items() if not k.startswith("_") and v is not None):
        lines.append(("  - " if i == 0 else "    ") + "%s: %s" % (k, flow(v) if isinstance(v, dict) else scalar(v)))
    return "\n".join(lines)


def document(name, records, header, style="flow"):
    out = ["# " + line if line else "#" for line in header.split("\n")]
    out.append("%s:" % name)
    for r in records:
        out.append(block(r) if style == "block" else "  - " + flow(r))
    return "\n".join(out) + "\n"


COLLECTIONS = {
    "promotions": list(PROMO.values()), "members": MEMBERS, "sessions": SESSIONS, "decisions": DECISIONS,
    "juries": JURIES, "submissions": SUBMISSIONS, "council_groups": COUNCIL_GROUPS, "committee": COMMITTEE,
    "secretariat": SECRETARIAT, "activity_reports": ACTIVITY_REPORTS, "indemnities": INDEMNITIES,
    "participatory_budgets": PARTICIPATORY_BUDGETS,
}
GEN = "Generated by tools/make_paris.py (seed %d): do not edit by hand, edit the generator and rerun it." % SEED


def files():
    out = {}
    for name, recs in COLLECTIONS.items():
        if name in ("members", "indemnities"):
            continue
        style = "block" if name in ("promotions", "juries", "participatory_budgets", "activity_reports") else "flow"
        out[name + ".yaml"] = document(name, recs, GEN, style)
    for pid in PROMO:   # a collection may be split over several files: members and indemnities per promotion
        out["members/%s.yaml" % pid] = document(
            "members", [m for m in MEMBERS if m["promotion"] == pid],
            GEN + "\nMembers of promotion %s: 100 at installation, then replacements (`replaces`)." % pid)
        out["indemnities/%s.yaml" % pid] = document(
            "indemnities", [r for r in INDEMNITIES if r["_promotion"] == pid],
            GEN + "\nIndemnities of promotion %s: 44.00 EUR per half-day; a plenary or installation day is "
                  "2 half-days, a workshop 1." % pid)
    return out


PLANT_COMMENTS = {
    "COU-RESPONSE": "P2's wish on street homelessness, submitted 2024-07-09, answered 2025-02-11, after the\n"
                    "  # 6-month deadline of 2025-01-09",
    "IND-AMOUNT": "a plenary day (2 half-days) of 2023-11-18 paid 44.00 instead of 88.00",
    "IND-ACTIVE": "a P3 member paid for a workshop held after their resignation (left_on)",
}


def case_yaml():
    lines = ["# " + GEN,
             "as_of: 2025-12-31",
             "description: >-",
             "  realistic data of the three promotions 2021-2025 (about 300 members, sessions, decisions, juries,",
             "  submissions, council groups, committee, secretariat, reports, indemnities, budgets), clean",
             "  but for three planted findings",
             "expect:"]
    for rule, rec in PLANTED:
        detail = PLANT_COMMENTS[rule]
        if rule == "IND-ACTIVE":
            r = next(r for r in INDEMNITIES if r["id"] == rec)
            m = MEM[r["member"]]
            detail = "%s left on %s but is paid for the workshop of %s" % (m["id"], m["left_on"], r["date"])
        if rule == "IND-AMOUNT":
            r = next(r for r in INDEMNITIES if r["id"] == rec)
            detail = "%s: %d half-days at the plenary of %s paid %s EUR instead of %s" % (
                r["member"], r["half_days"], r["date"], r["amount_eur"], Money(r["half_days"] * 4400))
        lines.append("  # " + detail)
        lines.append("  - { rule: %s, record: %s }" % (rule, rec))
    return "\n".join(lines) + "\n"


def verify_written(out_dir, texts):
    """Re-read every file with a YAML parser (all scalars as strings) and compare with the data."""
    try:
        import yaml
    except ImportError:
        print("PyYAML not installed: skipping the re-read check", file=sys.stderr)
        return

    def strs(v):
        if isinstance(v, dict):
            return {k: strs(x) for k, x in v.items() if not k.startswith("_") and x is not None}
        return v if isinstance(v, str) else scalar(v)

    got = {}
    for rel in texts:
        with open(os.path.join(out_dir, rel), encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=yaml.BaseLoader)
        for name, recs in doc.items():
            got.setdefault(name, []).extend(recs)
    for name, recs in COLLECTIONS.items():
        want = [strs({k: v for k, v in r.items() if v is not None}) for r in recs]
        key = lambda r: r["id"]
        assert sorted(got[name], key=key) == sorted(want, key=key), name


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "cases", "paris")
    self_assertions()
    found = reference_check(AS_OF)
    assert sorted(found) == sorted(PLANTED), sorted(set(found) ^ set(PLANTED))
    # The data lives in data/ so that `garant check cases/paris/data` checks it alone, while
    # `garant test cases/paris` reads case.yaml beside it.
    texts = {os.path.join("data", rel): text for rel, text in files().items()}
    texts["case.yaml"] = case_yaml()
    for rel, text in texts.items():
        path = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    verify_written(out_dir, [r for r in texts if r != "case.yaml"])
    counts = ", ".join("%s %d" % (k, len(v)) for k, v in COLLECTIONS.items())
    print("wrote %d files to %s: %s" % (len(texts), os.path.normpath(out_dir), counts))
    print("planted: " + ", ".join("%s %s" % p for p in PLANTED))


if __name__ == "__main__":
    main()

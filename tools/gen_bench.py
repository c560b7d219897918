#!/usr/bin/env python3
"""Generate a large, valid benchmark dataset for `garant check`.

    python3 tools/gen_bench.py OUT_DIR [SCALE] [--shape many|wide] [--plant RATE] [--verify]

Two shapes of about the same size at a given scale:

--shape many (the default): many small promotions. At scale 1: 1,000 promotions of 100 members (100,100
members with the replacements), 10,000 sessions, 1,000,000 indemnities, a few hundred decisions, juries,
submissions, budgets and reports, 1,000+ committee seats, the council groups and the secretariat, in 20 files
of about 120 MB. Scale 0.1 is ten times smaller (the yearly records shrink with the span of dates). The
promotions are spread over the same 1,000 days whatever the scale, so the records in force at once (about
365 promotions at scale 1, with their assembly seats) grow with the scale.

--shape wide: few promotions with very many members. Always 3 promotions (one installed about every 11
months), each with 33,333 x SCALE members (at least 100): 100 members at installation, with the quotas,
parity and arrondissements of the regulation, and the rest joining the day after the installation, so that
the rules counting members at installation (MEM-COUNT, MEM-QUOTA, MEM-PARITY) stay clean: no rule limits
the members after installation. Every active member is paid for each of the 10 sessions of their
promotion: at scale 1, 100,000 members, 30 sessions and 900,000 indemnities. Here the members in force at
once, and those of one promotion, grow with the scale, not the number of promotions. Deterministic (fixed seed); written with string joins, no
YAML library. Every id is unique and every reference resolves (data-format.md); the data is meant to be clean
against the regulation as well, so that a check walks every rule to its end (as of 2026-12-31 or earlier).

Do not write it inside the repository: e.g. `python3 tools/gen_bench.py /tmp/bench1 1`.
--verify re-reads the output with PyYAML (slow at scale 1) and checks ids and references.
--plant RATE plants findings: that fraction of the indemnities (every 1/RATE-th) pays
0.00 EUR, an IND-AMOUNT finding each (`--plant 0.001` gives 1,000 at scale 1).
"""

import argparse
import calendar
import datetime as dt
import os
import random
import sys
import time

SEED = 1000
BASE = dt.date(2023, 6, 1)          # quotas 80/15/5 in force from this date
SPAN_DAYS = 1000                     # drawn_on dates spread over ~2.7 years whatever the scale
EU_OTHER = ["PT", "IT", "ES", "DE", "BE", "RO", "PL", "NL", "IE", "GR", "AT", "SE"]
NON_EU = ["DZ", "MA", "TN", "SN", "ML", "CI", "CM", "CN", "VN", "BR", "US", "GB", "TR", "LB", "HT", "CO",
          "MG", "CD", "IN", "UA", "CH", "NO"]
# session plan of a promotion: (kind, months after installed_on, day offset, half-days)
PLAN = [("installation", 0, 0, 2), ("workshop", 1, 3, 1), ("plenary", 2, 5, 2), ("workshop", 3, 3, 1),
        ("workshop", 4, 3, 1), ("workshop", 5, 3, 1), ("workshop", 6, 3, 1), ("workshop", 7, 3, 1),
        ("plenary", 8, 5, 2), ("workshop", 9, 3, 1)]
LEAVE_MONTHS = 5                     # in every 10th promotion, one member leaves and is replaced then

_iso = {}


def iso(o):
    """ISO text of a date ordinal (cached: the same few thousand dates are written a million times)."""
    s = _iso.get(o)
    if s is None:
        s = _iso[o] = dt.date.fromordinal(o).isoformat()
    return s


def add_months(d, n):
    """n months after d, the day of month kept or clamped to the month's last day (regulation.md)."""
    y, m = divmod(d.month - 1 + n, 12)
    y, m = y + d.year, m + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def chunks(seq, n):
    """n nearly equal consecutive slices of seq."""
    k, r = divmod(len(seq), n)
    out, i = [], 0
    for j in range(n):
        step = k + (1 if j < r else 0)
        out.append(seq[i:i + step])
        i += step
    return out


def generate(out_dir, scale, verify=False, plant=0.0, shape="many"):
    t0 = time.time()
    rng = random.Random(SEED)
    if shape == "many":
        n_prom, n_mem = max(1, round(1000 * scale)), 100
    else:
        n_prom, n_mem = 3, max(100, round(100000 * scale / 3))
    header = "# garant benchmark data, tools/gen_bench.py scale %s%s (seed %d)\n" % (
        scale, "" if shape == "many" else " --shape " + shape, SEED)
    files = {}

    # ------------------------------------------------ promotions, members, sessions, indemnities
    promos, sessions, member_lines, ind_lines = [], [], [], []
    seats = []            # assembly seats
    plenaries = []        # (date ordinal, session id, promotion index)
    ind_no = 0
    mandate_years = [9999, 0]
    for k in range(n_prom):
        pid = "P%04d" % (k + 1)
        drawn = BASE + dt.timedelta(days=(k * SPAN_DAYS) // n_prom)
        installed = drawn + dt.timedelta(days=20 + k % 7)
        end = add_months(installed, 12)
        do, io, eo = drawn.toordinal(), installed.toordinal(), end.toordinal()
        mandate_years[0] = min(mandate_years[0], installed.year)
        mandate_years[1] = max(mandate_years[1], (end - dt.timedelta(days=1)).year)
        promos.append("  - { id: %s, drawn_on: %s, installed_on: %s, mandate_end: %s }"
                      % (pid, iso(do), iso(io), iso(eo)))
        # sessions of the promotion
        ses = []
        for n, (kind, months, off, hd) in enumerate(PLAN, 1):
            d = (add_months(installed, months) + dt.timedelta(days=off)).toordinal() if months else io
            ses.append(("S%04d-%02d" % (k + 1, n), kind, d, hd))
        leave_o = add_months(installed, LEAVE_MONTHS).toordinal() + 10 if k % 10 == 0 else None
        late_o = io + 1          # members beyond the first 100 (shape wide) join the day after installation
        # members: 80 electoral roll, 15 non-EU residents, 5 minors, parity, all 20 arrondissements (in every
        # hundred)
        mids = []
        for i in range(1, n_mem + 1):
            mid = "%s-%03d" % (pid, i)
            mids.append(mid)
            j = (i - 1) % 100 + 1
            if j <= 80:
                ch = "electoral_roll"
                nat = "FR" if rng.random() < 0.86 else rng.choice(EU_OTHER)
                birth = do - rng.randint(18 * 366 + 5, 85 * 365)
            elif j <= 95:
                ch = "non_eu_resident"
                nat = rng.choice(NON_EU)
                birth = do - rng.randint(18 * 366 + 5, 80 * 365)
            else:
                ch = "minor"
                nat = "FR" if rng.random() < 0.8 else rng.choice(["PT", "MA", "SN"])
                birth = do - rng.randint(16 * 366 + 5, 18 * 365 - 10)
            left = ", left_on: %s" % iso(leave_o) if (leave_o and i == 50) else ""
            member_lines.append(
                "  - { id: %s, promotion: %s, birth_date: %s, gender: %s, nationality: %s, residence: "
                "{ country: FR, city: Paris, arrondissement: %d }, channel: %s, joined_on: %s%s }"
                % (mid, pid, iso(birth), "FM"[i % 2], nat, (i * 7) % 20 + 1, ch, iso(io if i <= 100 else late_o),
                   left))
        if leave_o:
            rid = "%s-%03d" % (pid, n_mem + 1)
            member_lines.append(
                "  - { id: %s, promotion: %s, birth_date: %s, gender: %s, nationality: FR, residence: "
                "{ country: FR, city: Paris, arrondissement: %d }, channel: electoral_roll, joined_on: %s, "
                "replaces: %s-050 }" % (rid, pid, iso(do - rng.randint(18 * 366 + 5, 85 * 365)), "FM"[50 % 2],
                                         rng.randint(1, 20), iso(leave_o), pid))
        # one assembly seat per promotion, held by its member 001 for the whole mandate
        seats.append("  - { id: SEAT-%s, holder: %s-001, seat: assembly, member: %s-001, from: %s, to: %s }"
                     % (pid, pid, pid, iso(io), iso(eo)))
        # every active member is paid for every session
        for sid, kind, d, hd in ses:
            active = mids if d >= late_o else mids[:100]
            attendees = active if not leave_o or d < leave_o else active[:49] + active[50:] + [rid]
            sessions.append("  - { id: %s, promotion: %s, kind: %s, date: %s, present: %d }"
                            % (sid, pid, kind, iso(d), len(attendees)))
            if kind == "plenary":
                plenaries.append((d, sid, k))
            ds, amount = iso(d), ("88.00" if hd == 2 else "44.00")
            tail = "\n    date: %s\n    half_days: %d\n    amount_eur: %s" % (ds, hd, amount)
            for mid in attendees:
                ind_no += 1
                planted = plant and ind_no % round(1 / plant) == 0
                t = tail.replace("amount_eur: %s" % amount, "amount_eur: 0.00") if planted else tail
                ind_lines.append("  - id: I%07d\n    member: %s%s" % (ind_no, mid, t))

    files["promotions.yaml"] = header + "promotions:\n" + "\n".join(promos) + "\n"
    files["sessions.yaml"] = header + "sessions:\n" + "\n".join(sessions) + "\n"
    for j, part in enumerate(chunks(member_lines, 5)):
        files["members/%02d.yaml" % j] = header + "members:\n" + "\n".join(part) + "\n"
    for j, part in enumerate(chunks(ind_lines, 10)):
        files["indemnities/%02d.yaml" % j] = header + "indemnities:\n" + "\n".join(part) + "\n"

    # ------------------------------------------------ yearly powers: one of each per calendar year
    plenaries.sort()
    by_year = {}
    for d, sid, k in plenaries:
        by_year.setdefault(dt.date.fromordinal(d).year, []).append((d, sid))
    decisions, juries, subs, budgets, reports = [], [], [], [], []
    nd = 0

    def decision(sid, d, kind, subject, extra=""):
        nonlocal nd
        nd += 1
        did = "D%05d" % nd
        decisions.append('  - { id: %s, session: %s, kind: %s, subject: "%s", adopted_by: majority, '
                         'votes: { for: 70, against: 12, abstain: 9 }%s }' % (did, sid, kind, subject, extra))
        return did

    def submit(ref_field, ref, kind, d, months=3):
        o = dt.date.fromordinal(d) + dt.timedelta(days=10)
        r = add_months(o, months)
        subs.append('  - { id: SUB%05d, %s: %s, kind: %s, submitted_on: %s, council_response: '
                    '{ date: %s, reference: "%d CP %d" } }'
                    % (len(subs) + 1, ref_field, ref, kind, o.isoformat(), r.isoformat(), r.year, len(subs) + 1))

    years = sorted(by_year)
    for y in years:
        ps = by_year[y]
        d0, s0 = ps[0]
        bt = decision(s0, d0, "budget_theme", "Theme of the %d participatory budget" % (y + 1))
        budgets.append('  - { id: PB-%d, year: %d, amount_eur: 100000000, theme: "Theme %d", theme_decision: %s }'
                       % (y + 1, y + 1, y + 1, bt))
        ev = decision(s0, d0, "evaluation_request", "Evaluation request of %d" % y)
        submit("decision", ev, "evaluation_request", d0)
        ji = decision(s0, d0, "jury_installation", "Citizens' jury of %d" % y)
        # the jury sits within a month, recommends two months later; a later plenary of the year turns it
        # into a bill (if the year has one late enough)
        jo = d0 + 14
        rec = jo + 60
        jid = "J%d" % y
        if dt.date.fromordinal(jo).year != y:
            continue
        later = [(d, s) for d, s in ps if d >= rec]
        juries.append('  - { id: %s, installed_by: %s, installed_on: %s, topic: "Topic of %d"%s }'
                      % (jid, ji, iso(jo), y, (", recommendation_on: %s" % iso(rec))))
        submit("jury", jid, "recommendation", rec)
        if later:
            d1, s1 = later[len(later) // 2]
            bill = decision(s1, d1, "bill", "Bill of %d" % y, ", jury: %s" % jid)
            submit("decision", bill, "bill", d1)
        for d, s in ps[1:6]:
            w = decision(s, d, "wish", "Wish of session %s" % s)
            submit("decision", w, "wish", d, 2)
    # a report for every year in which a promotion is in mandate, published in the following March
    for y in range(mandate_years[0], mandate_years[1] + 1):
        reports.append("  - { id: AR-%d, year: %d, published_on: %d-03-10, sent_to_council_on: %d-03-17 }"
                       % (y, y, y + 1, y + 1))
    files["powers.yaml"] = (header + "decisions:\n" + "\n".join(decisions) + "\njuries:\n" + "\n".join(juries)
                            + "\nsubmissions:\n" + "\n".join(subs) + "\nparticipatory_budgets:\n"
                            + "\n".join(budgets) + "\nactivity_reports:\n" + "\n".join(reports) + "\n")

    # ------------------------------------------------ council groups, committee, secretariat
    groups = [("CG-PEC", "Paris en Commun", "2020-07-03", None),
              ("CG-GEP", "Écologiste de Paris", "2020-07-03", "2022-09-13"),
              ("CG-GEN", "Génération.s", "2020-07-03", "2022-09-13"),
              ("CG-ECO", "Les Écologistes", "2022-09-13", None),
              ("CG-CEC", "Communiste et Citoyen", "2020-07-03", None),
              ("CG-CP", "Changer Paris", "2020-07-03", None),
              ("CG-IP", "Indépendants et Progressistes", "2020-07-03", None),
              ("CG-MDE", "MoDem, Démocrates et Écologistes", "2020-07-03", "2024-09-10"),
              ("CG-DP", "Demain Paris", "2024-09-10", None),
              ("CG-UC", "Union Capitale", "2024-09-10", None),
              ("CG-MI", "MoDem et Indépendants", "2024-09-10", None)]
    until = lambda to: ", to: %s" % to if to else ""
    glines = ['  - { id: %s, name: "%s", from: %s%s }' % (g, n, f, until(t)) for g, n, f, t in groups]
    clines = ['  - { id: EXP-%d, holder: "Expert %d", seat: expert, from: 2021-10-01 }' % (i, i) for i in range(1, 5)]
    clines += ['  - { id: SEAT-%s, holder: "Councillor of %s", seat: political_group, group: %s, from: %s%s }'
               % (g, n, g, f, until(t)) for g, n, f, t in groups]
    slines = ['  - { id: SEC-1, role: "Secretary of the assembly", fte: 1.0, from: 2021-10-01 }',
              '  - { id: SEC-2, role: "Participation officer", fte: 0.5, from: 2024-01-01 }']
    files["governance.yaml"] = (header + "council_groups:\n" + "\n".join(glines) + "\nsecretariat:\n"
                                + "\n".join(slines) + "\ncommittee:\n" + "\n".join(clines) + "\n")
    files["committee-assembly.yaml"] = header + "committee:\n" + "\n".join(seats) + "\n"

    total = 0
    for rel, text in files.items():
        path = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(data)
        total += len(data)
    counts = dict(promotions=len(promos), members=len(member_lines), sessions=len(sessions),
                  decisions=len(decisions), juries=len(juries), submissions=len(subs),
                  participatory_budgets=len(budgets), activity_reports=len(reports), council_groups=len(glines),
                  committee=len(clines) + len(seats), secretariat=len(slines), indemnities=len(ind_lines))
    print("wrote %d files, %.1f MB, to %s in %.1f s" % (len(files), total / 1e6, out_dir, time.time() - t0))
    print(", ".join("%s %d" % kv for kv in counts.items()))
    if verify:
        verify_dir(out_dir, sorted(files), counts)


def verify_dir(out_dir, rels, counts):
    """Re-read the files: well-formed YAML, counts as written, unique ids, every reference resolves."""
    import yaml
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    colls = {}
    for rel in rels:
        with open(os.path.join(out_dir, rel), encoding="utf-8") as fh:
            for name, recs in yaml.load(fh, Loader=loader).items():
                colls.setdefault(name, []).extend(recs)
    ids = {}
    for name, recs in colls.items():
        assert len(recs) == counts[name], name
        ids[name] = {r["id"] for r in recs}
        assert len(ids[name]) == len(recs), "duplicate id in " + name
    refs = {"members": [("promotion", "promotions"), ("replaces", "members")],
            "sessions": [("promotion", "promotions")], "decisions": [("session", "sessions"), ("jury", "juries")],
            "juries": [("installed_by", "decisions")], "submissions": [("decision", "decisions"), ("jury", "juries")],
            "committee": [("member", "members"), ("group", "council_groups")],
            "indemnities": [("member", "members")], "participatory_budgets": [("theme_decision", "decisions")],
            "promotions": [("extended_by", "decisions")]}
    for name, pairs in refs.items():
        for r in colls.get(name, []):
            for field, target in pairs:
                if field in r:
                    assert r[field] in ids[target], (name, r["id"], field, r[field])
    print("verified: %d records, ids unique, references resolve" % sum(len(v) for v in colls.values()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("scale", nargs="?", type=float, default=1.0)
    ap.add_argument("--verify", action="store_true")
    ap.add_argument("--plant", type=float, default=0.0, metavar="RATE")
    ap.add_argument("--shape", choices=["many", "wide"], default="many",
                    help="many small promotions (default) or few promotions with very many members")
    a = ap.parse_args()
    if a.scale <= 0:
        sys.exit("scale must be positive")
    if not 0 <= a.plant <= 1:
        sys.exit("the planted rate is between 0 and 1")
    generate(a.out_dir, a.scale, a.verify, a.plant, a.shape)


if __name__ == "__main__":
    main()

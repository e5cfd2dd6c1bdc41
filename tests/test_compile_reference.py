# ruff: noqa: E731, B023
"""Test helpers for the compiler tests: the canonical H->ZZ*->4l selection (from the team brief)
and an independent, plain-Python per-event implementation of it (no awkward, no vector)."""

from __future__ import annotations

import itertools
import math

from assistant.selection import Cut, CutEvidence, Dependence, Selection

MZ = 91.1876


def _ev(quote: str, page: int = 3) -> list[CutEvidence]:
    return [CutEvidence(document="hzz4l", page=page, quote=quote)]


def hzz_selection(m12_low: float = 50.0) -> Selection:
    C = Cut
    cuts = [
        C(
            object="event",
            variable="trigger",
            op="any",
            labels=["single_lepton", "dilepton", "trilepton"],
            evidence=_ev("single-, di- and tri-lepton triggers"),
        ),
        C(
            object="event",
            variable="n_vertices",
            op=">=",
            value=1,
            evidence=_ev("at least one vertex with two tracks"),
        ),
        C(
            object="electron",
            variable="et",
            op=">",
            value=7,
            unit="GeV",
            evidence=_ev('ET > 7 GeV\nand """quoted""" text'),
        ),
        C(object="electron", variable="abs_eta", op="<", value=2.47),
        C(object="electron", variable="id", op="is", labels=["loose"]),
        C(object="muon", variable="pt", op=">", value=5, unit="GeV"),
        C(object="muon", variable="abs_eta", op="<", value=2.7),
        C(object="muon", variable="id", op="is", labels=["loose"]),
        C(object="lepton", variable="z0sintheta", op="<", value=0.5, unit="mm"),
        C(object="electron", variable="d0sig", op="<", value=5),
        C(object="muon", variable="d0sig", op="<", value=3),
        C(object="muon", variable="d0", op="<", value=1, unit="mm"),
        C(object="lepton", variable="iso_track", op="<", value=0.15),
        C(object="electron", variable="iso_calo", op="<", value=0.20),
        C(object="muon", variable="iso_calo", op="<", value=0.30),
        C(object="jet", variable="pt", op=">", value=30, unit="GeV"),
        C(object="jet", variable="abs_eta", op="<", value=4.5),
        C(object="jet", variable="overlap_dr", op=">", value=0.2),
        C(object="quadruplet", variable="sfos_pairs", op="==", value=2),
        C(object="quadruplet", variable="pt", op=">", value=20, rank=1, unit="GeV"),
        C(object="quadruplet", variable="pt", op=">", value=15, rank=2, unit="GeV"),
        C(object="quadruplet", variable="pt", op=">", value=10, rank=3, unit="GeV"),
        C(object="z1", variable="mass", op="closest", value=MZ, unit="GeV"),
        C(object="z1", variable="mass", op="between", low=m12_low, high=106, unit="GeV"),
        C(
            object="z2",
            variable="mass",
            op="between",
            low=12,
            high=115,
            unit="GeV",
            depends_on=Dependence(variable="m4l", applies_to="low", knots=[(140, 12), (190, 50)]),
        ),
        C(object="lepton_pair", variable="dr", op=">", value=0.10, flavour="same"),
        C(object="lepton_pair", variable="dr", op=">", value=0.20, flavour="different"),
        C(object="sfos_pair", variable="mass", op=">", value=5, unit="GeV"),
        C(object="quadruplet", variable="vertex_chi2", op="<", value=6, note="< 6 (4mu) / < 9 (others)"),
        C(object="quadruplet", variable="choice", op="closest", value=MZ, labels=["z1_mass", "z2_mass"]),
        C(object="quadruplet", variable="mass", op="between", low=115, high=130, unit="GeV"),
    ]
    return Selection(title="H->ZZ*->4l (brief)", cuts=cuts)


def _p4(lep):
    pt, eta, phi, e = lep
    return pt * math.cos(phi), pt * math.sin(phi), pt * math.sinh(eta), e


def _mass(*leps):
    px = sum(_p4(lep)[0] for lep in leps)
    py = sum(_p4(lep)[1] for lep in leps)
    pz = sum(_p4(lep)[2] for lep in leps)
    e = sum(_p4(lep)[3] for lep in leps)
    m2 = e * e - px * px - py * py - pz * pz
    return math.copysign(math.sqrt(abs(m2)), m2)


def _dr(a, b):
    dphi = (a[2] - b[2] + math.pi) % (2 * math.pi) - math.pi
    return math.hypot(a[1] - b[1], dphi)


def _threshold(m4l):
    if m4l <= 140:
        return 12.0
    if m4l >= 190:
        return 50.0
    return 12.0 + (m4l - 140) * 38.0 / 50.0


def reference_selection(rows, m12_low: float = 50.0):
    """rows: per event dict of python lists in GeV/mm with keys pt, eta, phi, e, charge, flavour,
    z0, d0, d0sig, ptvarcone, topoetcone, loose, trigger. Returns {index: (channel, m4l, m12, m34)}."""
    selected = {}
    for index, ev in enumerate(rows):
        if not ev["trigger"]:
            continue
        good = []
        for i in range(len(ev["pt"])):
            pt, eta, fl = ev["pt"][i], ev["eta"][i], ev["flavour"][i]
            theta = 2 * math.atan(math.exp(-eta))
            ok = (
                ev["loose"][i] and abs(ev["z0"][i] * math.sin(theta)) < 0.5 and ev["ptvarcone"][i] / pt < 0.15
            )
            if fl == 11:
                ok = (
                    ok
                    and pt > 7
                    and abs(eta) < 2.47
                    and abs(ev["d0sig"][i]) < 5
                    and ev["topoetcone"][i] / pt < 0.20
                )
            else:
                ok = (
                    ok
                    and pt > 5
                    and abs(eta) < 2.7
                    and abs(ev["d0sig"][i]) < 3
                    and abs(ev["d0"][i]) < 1
                    and ev["topoetcone"][i] / pt < 0.30
                )
            if ok:
                good.append(i)
        best = None
        for quad in itertools.combinations(good, 4):
            leps = {i: (ev["pt"][i], ev["eta"][i], ev["phi"][i], ev["e"][i]) for i in quad}
            sfos = lambda x, y: ev["flavour"][x] == ev["flavour"][y] and ev["charge"][x] * ev["charge"][y] < 0
            first = quad[0]
            for partner in quad[1:]:  # each split of the four leptons into two pairs
                p1 = (first, partner)
                p2 = tuple(i for i in quad if i not in p1)
                if not (sfos(*p1) and sfos(*p2)):
                    continue
                m1, m2 = _mass(leps[p1[0]], leps[p1[1]]), _mass(leps[p2[0]], leps[p2[1]])
                (z1, m12), (z2, m34) = (
                    ((p1, m1), (p2, m2)) if abs(m1 - MZ) <= abs(m2 - MZ) else ((p2, m2), (p1, m1))
                )
                m4l = _mass(*leps.values())
                pts = sorted((ev["pt"][i] for i in quad), reverse=True)
                if not (pts[0] > 20 and pts[1] > 15 and pts[2] > 10):
                    continue
                if not (m12_low < m12 < 106 and _threshold(m4l) < m34 < 115):
                    continue
                ok = True
                for x, y in itertools.combinations(quad, 2):
                    same = ev["flavour"][x] == ev["flavour"][y]
                    if _dr(leps[x], leps[y]) <= (0.10 if same else 0.20):
                        ok = False
                    if sfos(x, y) and _mass(leps[x], leps[y]) <= 5:
                        ok = False
                if not ok:
                    continue
                key = (abs(m12 - MZ), abs(m34 - MZ))
                if best is None or key < best[0]:
                    fl1, fl2 = ev["flavour"][z1[0]], ev["flavour"][z2[0]]
                    channel = {(13, 13): "4mu", (11, 13): "2e2mu", (13, 11): "2mu2e", (11, 11): "4e"}[
                        (fl1, fl2)
                    ]
                    best = (key, (channel, m4l, m12, m34))
        if best is not None and 115 < best[1][1] < 130:
            selected[index] = best[1]
    return selected


def rows_from_2025e(arrays):
    out = []
    for ev in arrays.to_list():
        out.append(
            {
                "pt": ev["lep_pt"],
                "eta": ev["lep_eta"],
                "phi": ev["lep_phi"],
                "e": ev["lep_e"],
                "charge": ev["lep_charge"],
                "flavour": [abs(t) for t in ev["lep_type"]],
                "z0": ev["lep_z0"],
                "d0": ev["lep_d0"],
                "d0sig": ev["lep_d0sig"],
                "ptvarcone": ev["lep_ptvarcone30"],
                "topoetcone": ev["lep_topoetcone20"],
                "loose": ev["lep_isLooseID"],
                "trigger": ev["trigE"] or ev["trigM"] or ev["trigDE"] or ev["trigDM"] or ev["trigML"],
            }
        )
    return out


def rows_from_2020(arrays):
    out = []
    for ev in arrays.to_list():
        g = lambda name: [x / 1000.0 for x in ev[name]]  # noqa: E731
        out.append(
            {
                "pt": g("lep_pt"),
                "eta": ev["lep_eta"],
                "phi": ev["lep_phi"],
                "e": g("lep_E"),
                "charge": ev["lep_charge"],
                "flavour": ev["lep_type"],
                "z0": ev["lep_z0"],
                "d0": ev["lep_trackd0pvunbiased"],
                "d0sig": ev["lep_tracksigd0pvunbiased"],
                "ptvarcone": g("lep_ptcone30"),
                "topoetcone": g("lep_etcone20"),
                "loose": [True] * len(ev["lep_pt"]),
                "trigger": ev["trigE"] or ev["trigM"],
            }
        )
    return out

"""Synthetic four-lepton samples in the ATLAS Open Data schemas (2025e and 2020).

No Monte Carlo of the 4-lepton skims fits on this machine, so hep-repro makes its own: physics
classes with realistic kinematics, plus *boundary* events placed just below and just above every
threshold of the canonical H→ZZ*→4ℓ selection. All of it is vectorised numpy + `vector` (four-
vectors, boosts) and awkward (jagged lepton lists); deterministic for a seed.

Classes (`CLASSES`):
  higgs        H(125)→ZZ*→4ℓ: m12 Breit–Wigner at mZ, m34 off-shell, m4ℓ resolution 1.6–2.2 GeV
  zz           ZZ* continuum
  z_nonprompt  Z + two non-prompt leptons (poor isolation, large d0sig, same-sign half the time)
  ttbar        two prompt W leptons + two non-prompt b-decay leptons
  onia_z       Z + J/ψ or Υ → ℓℓ
  boundary     a clean 4ℓ event with one quantity moved to just below/above one threshold
Some higgs/zz events carry a fifth (prompt-like) lepton, so candidate choice matters.

Quirks reproduced: 2025e (tree `analysis`, GeV, mm) stores electrons first, then muons, NOT pT
sorted; `lep_d0sig` is signed; `lep_z0` is z0 (not z0·sinθ); muon LooseID implies |d0sig| < 3
and |z0 sinθ| < 0.5; electron LooseIso ⇔ LooseID ∧ IP ∧ isolation. 2020 (tree `mini`, MeV) is
pT-sorted, `lep_tracksigd0pvunbiased` is |d0|/σ(d0).

Sidecar (branches written with the events; codes explained in FILE.root.json):
  synth_class, synth_probe (index into `probes()`, -1 = none), synth_side (-1 below / +1 above;
  for boolean cuts -1 = fails / +1 = passes), synth_expect (1 when the probed cut passes),
  synth_m4l / synth_m12 / synth_m34 (GeV, generator truth: Z1 = the generator's first pair),
  synth_z1 / synth_z2 (stored indices i*10+j of the generator's pairs).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import awkward as ak
import numpy as np
import vector

SCHEMAS = ("atlas-2025e", "atlas-2020")
CLASSES = ("higgs", "zz", "z_nonprompt", "ttbar", "onia_z", "boundary")
CLASS_FRACTIONS = {"higgs": 0.40, "zz": 0.25, "z_nonprompt": 0.15, "ttbar": 0.10, "onia_z": 0.06}
BOUNDARY_FRACTION = 0.04
MAX_PER_SIDE = 60

Z_MASS, Z_WIDTH = 91.1876, 2.4952
H_MASS = 125.0
M_ELECTRON, M_MUON = 0.000511, 0.105658
ONIA = (3.0969, 9.4603)
MC_RUN = 284500
DSIDS = {
    "higgs": 345060,
    "zz": 700600,
    "z_nonprompt": 700322,
    "ttbar": 410470,
    "onia_z": 700323,
    "boundary": 345060,
}
XSEC_PB = {345060: 0.0060, 700600: 1.26, 700322: 2.1, 410470: 396.0, 700323: 0.8}
LUMI_FB = {"atlas-2025e": 36.6, "atlas-2020": 10.0}
REL_DELTA = 0.02  # boundary events sit 2% (relative) below/above the threshold
K = 5  # at most five leptons per event


class SynthError(ValueError):
    """Bad arguments to the generator (unknown schema, negative event count, ...)."""


# ---------------------------------------------------------------------------------------------
# The probes: every threshold of the canonical selection a boundary event can sit on.
@dataclass(frozen=True)
class Probe:
    cut: str  # Cut.default_id() of the canonical selection
    threshold: float
    passes_above: bool  # True for '>' and lower bounds, False for '<' and upper bounds
    kind: str  # "attribute", "kinematic", "mass", "dr", "jpsi", "boolean"
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "cut": self.cut,
            "threshold": self.threshold,
            "passes_above": self.passes_above,
            "kind": self.kind,
            "note": self.note,
        }


PROBES: tuple[Probe, ...] = (
    Probe("event.trigger", 0.0, True, "boolean", "pass: only a dilepton trigger fired; fail: none fired"),
    Probe("electron.et", 7.0, True, "kinematic", "softest electron"),
    Probe("electron.abs_eta", 2.47, False, "kinematic"),
    Probe("electron.id", 0.0, True, "boolean", "one electron LooseID"),
    Probe("muon.pt", 5.0, True, "kinematic", "softest muon"),
    Probe("muon.abs_eta", 2.7, False, "kinematic"),
    Probe("muon.id", 0.0, True, "boolean", "one muon LooseID"),
    Probe("lepton.z0sintheta", 0.5, False, "attribute"),
    Probe("electron.d0sig", 5.0, False, "attribute"),
    Probe("muon.d0sig", 3.0, False, "attribute"),
    Probe("muon.d0", 1.0, False, "attribute"),
    Probe("lepton.iso_track", 0.15, False, "attribute"),
    Probe("electron.iso_calo", 0.20, False, "attribute"),
    Probe("muon.iso_calo", 0.30, False, "attribute"),
    Probe("quadruplet.sfos_pairs", 0.0, True, "boolean", "fail: one charge flipped"),
    Probe("quadruplet.pt.r1", 20.0, True, "kinematic", "highest-pT lepton"),
    Probe("quadruplet.pt.r2", 15.0, True, "kinematic"),
    Probe("quadruplet.pt.r3", 10.0, True, "kinematic"),
    Probe("z1.mass", 50.0, True, "mass", "low edge"),
    Probe("z1.mass", 106.0, False, "mass", "high edge"),
    Probe("z2.mass", 12.0, True, "mass", "low edge at m4l=125"),
    Probe("z2.mass", 31.0, True, "mass", "m4l-dependent low edge at m4l=165"),
    Probe("z2.mass", 115.0, False, "mass", "high edge at m4l=240"),
    Probe(
        "lepton_pair.dr.same",
        0.10,
        True,
        "dr",
        "same-flavour, same-charge leptons of different pairs (4e/4mu)",
    ),
    Probe("lepton_pair.dr.different", 0.20, True, "dr", "an electron and a muon"),
    Probe("sfos_pair.mass", 5.0, True, "jpsi", "alternative pairing of a 4e/4mu event"),
    Probe("quadruplet.mass", 115.0, True, "mass", "low edge"),
    Probe("quadruplet.mass", 130.0, False, "mass", "high edge"),
)


def probes() -> list[dict[str, Any]]:
    return [p.to_dict() for p in PROBES]


def m34_threshold(m4l: np.ndarray) -> np.ndarray:
    """The canonical m4ℓ-dependent lower m34 threshold: 12 GeV below 140, linear to 50 at 190."""
    return np.interp(m4l, [140.0, 190.0], [12.0, 50.0])


# ---------------------------------------------------------------------------------------------
# Four-vector helpers (numpy-backed `vector` arrays).
def _p4(px: np.ndarray, py: np.ndarray, pz: np.ndarray, e: np.ndarray) -> Any:
    return vector.array({"px": px, "py": py, "pz": pz, "E": e})


def _ptetaphim(pt: np.ndarray, eta: np.ndarray, phi: np.ndarray, mass: np.ndarray) -> Any:
    return vector.array({"pt": pt, "eta": eta, "phi": phi, "mass": mass})


def _breit_wigner(
    rng: np.random.Generator, n: int, m0: float, width: float, lo: float, hi: float | np.ndarray
) -> np.ndarray:
    """Cauchy (non-relativistic Breit–Wigner) samples truncated to [lo, hi] by inverse CDF."""
    f_lo = 0.5 + np.arctan(2 * (lo - m0) / width) / np.pi
    f_hi = 0.5 + np.arctan(2 * (np.asarray(hi) - m0) / width) / np.pi
    u = f_lo + (f_hi - f_lo) * rng.random(n)
    return m0 + 0.5 * width * np.tan(np.pi * (u - 0.5))


def _parent(rng: np.random.Generator, mass: np.ndarray, pt_mean: float, y_sigma: float) -> Any:
    n = len(mass)
    pt = rng.exponential(pt_mean, n)
    phi = rng.uniform(-np.pi, np.pi, n)
    y = rng.normal(0.0, y_sigma, n)
    mt = np.sqrt(mass**2 + pt**2)
    return _p4(pt * np.cos(phi), pt * np.sin(phi), mt * np.sinh(y), mt * np.cosh(y))


def _two_body(rng: np.random.Generator, parent: Any, m1: np.ndarray, m2: np.ndarray) -> tuple[Any, Any]:
    """Isotropic two-body decay in the parent's rest frame, boosted to the lab."""
    mass = parent.mass
    n = len(mass)
    term = np.clip((mass**2 - (m1 + m2) ** 2) * (mass**2 - (m1 - m2) ** 2), 0.0, None)
    p = np.sqrt(term) / (2 * mass)
    cos_t = rng.uniform(-1, 1, n)
    sin_t = np.sqrt(1 - cos_t**2)
    phi = rng.uniform(-np.pi, np.pi, n)
    px, py, pz = p * sin_t * np.cos(phi), p * sin_t * np.sin(phi), p * cos_t
    d1 = _p4(px, py, pz, np.sqrt(p**2 + m1**2)).boost_p4(parent)
    d2 = _p4(-px, -py, -pz, np.sqrt(p**2 + m2**2)).boost_p4(parent)
    return d1, d2


def _lepton_mass(flavour: np.ndarray) -> np.ndarray:
    return np.where(flavour == 11, M_ELECTRON, M_MUON)


# ---------------------------------------------------------------------------------------------
# Events are built as padded (n, K) arrays: slot k of event i, `n_lep[i]` valid slots.
class Batch:
    """Padded lepton arrays plus event-level truth for one class of events."""

    def __init__(self, n: int) -> None:
        self.n = n
        shape = (n, K)
        self.px = np.zeros(shape)
        self.py = np.zeros(shape)
        self.pz = np.zeros(shape)
        self.e = np.zeros(shape)
        self.flavour = np.full(shape, 11, dtype=np.int32)
        self.charge = np.zeros(shape, dtype=np.int32)
        self.prompt = np.ones(shape, dtype=bool)
        self.n_lep = np.full(n, 4, dtype=np.int32)
        self.m4l = np.zeros(n)
        self.m12 = np.zeros(n)
        self.m34 = np.zeros(n)
        self.probe = np.full(n, -1, dtype=np.int32)
        self.side = np.zeros(n, dtype=np.int8)
        self.reject = np.zeros(n, dtype=bool)  # set by builders for events that missed their target
        self.attrs: dict[str, np.ndarray] = {}
        self.trigger_override: np.ndarray | None = None  # (n, 4) bools for trigE, trigM, trigDE, trigDM

    def set_lepton(
        self, slot: int, p4: Any, flavour: np.ndarray, charge: np.ndarray, prompt: bool | np.ndarray = True
    ) -> None:
        self.px[:, slot], self.py[:, slot], self.pz[:, slot], self.e[:, slot] = p4.px, p4.py, p4.pz, p4.E
        self.flavour[:, slot] = flavour
        self.charge[:, slot] = charge
        self.prompt[:, slot] = prompt

    def p4(self, slot: int) -> Any:
        return _p4(self.px[:, slot], self.py[:, slot], self.pz[:, slot], self.e[:, slot])

    def take(self, index: np.ndarray) -> Batch:
        out = Batch(len(index))
        for name, value in vars(self).items():
            if isinstance(value, np.ndarray):
                setattr(out, name, value[index])
        out.attrs = {k: v[index] for k, v in self.attrs.items()}
        out.trigger_override = None if self.trigger_override is None else self.trigger_override[index]
        return out


def _concat(batches: list[Batch]) -> Batch:
    total = sum(b.n for b in batches)
    out = Batch(total)
    for name, value in vars(out).items():
        if isinstance(value, np.ndarray):
            setattr(out, name, np.concatenate([getattr(b, name) for b in batches]))
    keys = set().union(*(b.attrs for b in batches)) if batches else set()
    for key in keys:
        out.attrs[key] = np.concatenate([b.attrs.get(key, np.full((b.n, K), np.nan)) for b in batches])
    if any(b.trigger_override is not None for b in batches):
        parts = [
            b.trigger_override if b.trigger_override is not None else np.zeros((b.n, 4), bool)
            for b in batches
        ]
        flags = np.concatenate([np.full(b.n, b.trigger_override is not None) for b in batches])
        out.trigger_override = np.concatenate(parts)
        out.attrs["_trigger_set"] = np.repeat(flags[:, None], K, axis=1)
    return out


def _four_lepton(
    rng: np.random.Generator,
    m4l: np.ndarray,
    m12: np.ndarray,
    m34: np.ndarray,
    f1: np.ndarray,
    f2: np.ndarray,
    pt_mean: float = 15.0,
) -> Batch:
    """Parent (m4l) → Z1 (m12, flavour f1) + Z2 (m34, flavour f2) → four leptons in slots 0..3:
    (ℓ+, ℓ-) of Z1, then (ℓ+, ℓ-) of Z2."""
    n = len(m4l)
    batch = Batch(n)
    parent = _parent(rng, m4l, pt_mean, 1.2)
    z1, z2 = _two_body(rng, parent, m12, m34)
    for slot0, z, f in ((0, z1, f1), (2, z2, f2)):
        ml = _lepton_mass(f)
        plus, minus = _two_body(rng, z, ml, ml)
        batch.set_lepton(slot0, plus, f, np.ones(n, np.int32))
        batch.set_lepton(slot0 + 1, minus, f, -np.ones(n, np.int32))
    batch.m4l, batch.m12, batch.m34 = m4l.astype(float), m12.astype(float), m34.astype(float)
    return batch


def _random_pairs(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    f1 = np.where(rng.random(n) < 0.5, 11, 13).astype(np.int32)
    f2 = np.where(rng.random(n) < 0.5, 11, 13).astype(np.int32)
    return f1, f2


def _resolution(f1: np.ndarray, f2: np.ndarray) -> np.ndarray:
    """m4ℓ resolution by channel: 4μ 1.6, mixed 1.9, 4e 2.2 GeV."""
    return 1.6 + 0.3 * ((f1 == 11).astype(float) + (f2 == 11).astype(float))


def _higgs(rng: np.random.Generator, n: int) -> Batch:
    f1, f2 = _random_pairs(rng, n)
    m4l = H_MASS + rng.normal(0, 1, n) * _resolution(f1, f2)
    m12 = _breit_wigner(rng, n, Z_MASS, Z_WIDTH, 40.0, np.minimum(m4l - 12.5, 120.0))
    hi = m4l - m12 - 0.5
    m34 = 8.0 + (hi - 8.0) * np.sqrt(rng.random(n))  # off-shell, rising to the kinematic limit
    return _four_lepton(rng, m4l, m12, m34, f1, f2)


def _zz(rng: np.random.Generator, n: int) -> Batch:
    f1, f2 = _random_pairs(rng, n)
    m12 = _breit_wigner(rng, n, Z_MASS, Z_WIDTH, 60.0, 120.0)
    on_shell = rng.random(n) < 0.5
    m34 = np.where(on_shell, _breit_wigner(rng, n, Z_MASS, Z_WIDTH, 60.0, 120.0), rng.uniform(12.0, 60.0, n))
    m4l = m12 + m34 + rng.exponential(50.0, n) + 1.0
    return _four_lepton(rng, m4l, m12, m34, f1, f2, pt_mean=25.0)


def _nonprompt_lepton(rng: np.random.Generator, n: int) -> tuple[Any, np.ndarray]:
    flavour = np.where(rng.random(n) < 0.5, 11, 13).astype(np.int32)
    pt = 4.0 + rng.exponential(7.0, n)
    eta = rng.uniform(-2.6, 2.6, n)
    phi = rng.uniform(-np.pi, np.pi, n)
    v = _ptetaphim(pt, eta, phi, _lepton_mass(flavour))
    return _p4(v.px, v.py, v.pz, v.E), flavour


def _on_shell_z(rng: np.random.Generator, batch: Batch, n: int, pt_mean: float, y_sigma: float) -> Any:
    """A Z (Breit–Wigner, 66–116 GeV) decayed to e+e- or mu+mu- as leptons 0 and 1; its masses."""
    flavour = np.where(rng.random(n) < 0.5, 11, 13).astype(np.int32)
    mz = _breit_wigner(rng, n, Z_MASS, Z_WIDTH, 66.0, 116.0)
    z = _parent(rng, mz, pt_mean, y_sigma)
    ml = _lepton_mass(flavour)
    plus, minus = _two_body(rng, z, ml, ml)
    batch.set_lepton(0, plus, flavour, np.ones(n, np.int32))
    batch.set_lepton(1, minus, flavour, -np.ones(n, np.int32))
    return mz


def _z_nonprompt(rng: np.random.Generator, n: int) -> Batch:
    batch = Batch(n)
    mz = _on_shell_z(rng, batch, n, 15.0, 1.5)
    same_sign = rng.random(n) < 0.5
    q3 = np.where(rng.random(n) < 0.5, 1, -1).astype(np.int32)
    q4 = np.where(same_sign, q3, -q3).astype(np.int32)
    for slot, q in ((2, q3), (3, q4)):
        p4, fl = _nonprompt_lepton(rng, n)
        batch.set_lepton(slot, p4, fl, q, prompt=False)
    _fill_truth_from_slots(batch, mz)
    return batch


def _ttbar(rng: np.random.Generator, n: int) -> Batch:
    batch = Batch(n)
    for slot, q in ((0, 1), (1, -1)):
        flavour = np.where(rng.random(n) < 0.5, 11, 13).astype(np.int32)
        v = _ptetaphim(
            15.0 + rng.exponential(30.0, n),
            rng.normal(0, 1.2, n),
            rng.uniform(-np.pi, np.pi, n),
            _lepton_mass(flavour),
        )
        batch.set_lepton(slot, _p4(v.px, v.py, v.pz, v.E), flavour, np.full(n, q, np.int32))
    for slot in (2, 3):
        p4, fl = _nonprompt_lepton(rng, n)
        batch.set_lepton(slot, p4, fl, np.where(rng.random(n) < 0.5, 1, -1).astype(np.int32), prompt=False)
    _fill_truth_from_slots(batch, None)
    return batch


def _onia_z(rng: np.random.Generator, n: int) -> Batch:
    batch = Batch(n)
    mz = _on_shell_z(rng, batch, n, 20.0, 1.3)
    fo = np.where(rng.random(n) < 0.5, 11, 13).astype(np.int32)
    m_onium = np.where(rng.random(n) < 0.5, ONIA[0], ONIA[1]) + rng.normal(0, 0.05, n)
    onium = _parent(rng, m_onium, 15.0, 1.0)
    mo = _lepton_mass(fo)
    plus, minus = _two_body(rng, onium, mo, mo)
    batch.set_lepton(2, plus, fo, np.ones(n, np.int32))
    batch.set_lepton(3, minus, fo, -np.ones(n, np.int32))
    _fill_truth_from_slots(batch, mz)
    return batch


def _fill_truth_from_slots(batch: Batch, m12: np.ndarray | None) -> None:
    """Truth for events not generated from (m4l, m12, m34): computed from the generator slots."""
    l0, l1, l2, l3 = (batch.p4(i) for i in range(4))
    batch.m12 = np.asarray((l0 + l1).mass, float) if m12 is None else (l0 + l1).mass
    batch.m34 = np.asarray((l2 + l3).mass, float)
    batch.m4l = np.asarray((l0 + l1 + l2 + l3).mass, float)


def _add_fifth_lepton(rng: np.random.Generator, batch: Batch, fraction: float) -> None:
    """Give some events a fifth, prompt-looking lepton: several quadruplets, candidate choice."""
    chosen = rng.random(batch.n) < fraction
    m = int(chosen.sum())
    if not m:
        return
    flavour = np.where(rng.random(m) < 0.5, 11, 13).astype(np.int32)
    v = _ptetaphim(
        7.0 + rng.exponential(10.0, m),
        rng.uniform(-2.4, 2.4, m),
        rng.uniform(-np.pi, np.pi, m),
        _lepton_mass(flavour),
    )
    idx = np.flatnonzero(chosen)
    batch.px[idx, 4], batch.py[idx, 4], batch.pz[idx, 4], batch.e[idx, 4] = v.px, v.py, v.pz, v.E
    batch.flavour[idx, 4] = flavour
    batch.charge[idx, 4] = np.where(rng.random(m) < 0.5, 1, -1)
    batch.n_lep[idx] = 5


# ---------------------------------------------------------------------------------------------
# Lepton attributes (isolation, impact parameters, identification).
def _kinematics(batch: Batch) -> dict[str, np.ndarray]:
    v = _p4(batch.px, batch.py, batch.pz, batch.e)
    pt = np.asarray(v.pt)
    with np.errstate(invalid="ignore", divide="ignore"):
        eta = np.asarray(v.eta)
    return {"pt": pt, "eta": np.nan_to_num(eta), "phi": np.asarray(v.phi)}


def _attributes(rng: np.random.Generator, batch: Batch, clean: bool = False) -> None:
    """Draw isolation, impact parameters and ID flags; `clean` = prompt values with margins
    (the templates of boundary events)."""
    shape = (batch.n, K)
    kin = _kinematics(batch)
    pt = np.maximum(kin["pt"], 1e-3)
    prompt = batch.prompt
    is_e = batch.flavour == 11
    sigma_d0 = 0.01 + 0.2 / pt  # mm
    sig_prompt = rng.normal(0, 1, shape)
    sig_fake = rng.normal(0, 6, shape)
    if clean:
        sig_prompt = np.clip(sig_prompt, -1.5, 1.5)
    d0sig = np.where(prompt, sig_prompt, sig_fake)
    z0 = np.where(prompt, rng.normal(0, 0.12, shape), rng.normal(0, 0.8, shape))
    if clean:
        z0 = np.clip(z0, -0.3, 0.3)
    ptvar_prompt = np.where(rng.random(shape) < 0.6, 0.0, rng.exponential(0.03, shape))
    topo_prompt = rng.normal(0.02, 0.04, shape)
    if clean:
        ptvar_prompt, topo_prompt = np.clip(ptvar_prompt, 0, 0.08), np.clip(topo_prompt, -0.1, 0.12)
    ptvar = pt * np.where(prompt, ptvar_prompt, rng.uniform(0.05, 0.8, shape))
    topo = pt * np.where(prompt, topo_prompt, rng.uniform(0.0, 0.8, shape))
    loose_p = np.where(prompt, np.where(is_e, 0.95, 0.98), np.where(is_e, 0.4, 0.7))
    loose = np.ones(shape, bool) if clean else rng.random(shape) < loose_p
    batch.attrs.update(
        {
            "d0sig": d0sig,
            "d0": d0sig * sigma_d0,
            "z0": z0,
            "ptvarcone30": ptvar,
            "topoetcone20": topo,
            "loose": loose,
            "u_id": rng.random(shape),
        }
    )


def _finish_flags(batch: Batch, kin: dict[str, np.ndarray], muon_quirk: bool) -> dict[str, np.ndarray]:
    """ID/iso flags derived from the attributes, with the 2025e quirks."""
    a = batch.attrs
    is_e = batch.flavour == 11
    theta = 2 * np.arctan(np.exp(-kin["eta"]))
    z0sin = np.abs(a["z0"] * np.sin(theta))
    pt = np.maximum(kin["pt"], 1e-3)
    loose = a["loose"].astype(bool)
    if muon_quirk:
        loose = loose & (is_e | ((np.abs(a["d0sig"]) < 3) & (z0sin < 0.5)))
    medium = loose & (a["u_id"] < 0.9)
    tight = medium & (a["u_id"] < 0.77)
    rel_track, rel_calo = a["ptvarcone30"] / pt, a["topoetcone20"] / pt
    loose_iso_e = loose & (z0sin < 0.5) & (np.abs(a["d0sig"]) < 5) & (rel_track < 0.15) & (rel_calo < 0.20)
    loose_iso_mu = (rel_track < 0.15) & (rel_calo < 0.30)
    loose_iso = np.where(is_e, loose_iso_e, loose_iso_mu)
    tight_iso = loose_iso & (rel_track < 0.06) & (rel_calo < 0.06)
    return {"loose": loose, "medium": medium, "tight": tight, "loose_iso": loose_iso, "tight_iso": tight_iso}


# ---------------------------------------------------------------------------------------------
# Margin check for 4-lepton templates: which canonical requirements hold with a margin.
_SPLITS = (((0, 1), (2, 3)), ((0, 2), (1, 3)), ((0, 3), (1, 2)))


def _pair_extremes(
    p4: list[Any], eta: np.ndarray, phi: np.ndarray, fl: np.ndarray, q: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[tuple[int, int], np.ndarray]]:
    """Over the six pairs of four leptons: smallest ΔR of same- and of different-flavour pairs,
    smallest SFOS pair mass, and every pair's mass."""
    n = len(eta)
    dr_same, dr_diff, sfos_min = np.full(n, np.inf), np.full(n, np.inf), np.full(n, np.inf)
    pair_mass: dict[tuple[int, int], np.ndarray] = {}
    for i in range(4):
        for j in range(i + 1, 4):
            dphi = np.abs((phi[:, i] - phi[:, j] + np.pi) % (2 * np.pi) - np.pi)
            dr = np.hypot(eta[:, i] - eta[:, j], dphi)
            same = fl[:, i] == fl[:, j]
            dr_same = np.where(same, np.minimum(dr_same, dr), dr_same)
            dr_diff = np.where(~same, np.minimum(dr_diff, dr), dr_diff)
            mass = np.asarray((p4[i] + p4[j]).mass)
            pair_mass[(i, j)] = mass
            sfos = same & (q[:, i] == -q[:, j])
            sfos_min = np.where(sfos, np.minimum(sfos_min, mass), sfos_min)
    return dr_same, dr_diff, sfos_min, pair_mass


def _margins(batch: Batch) -> dict[str, np.ndarray]:
    """Per event: does each canonical requirement hold with a safety margin? Only for events
    with exactly four leptons (slots 0–3); used to keep boundary events unambiguous."""
    kin = _kinematics(batch)
    pt, eta, phi = kin["pt"][:, :4], kin["eta"][:, :4], kin["phi"][:, :4]
    fl, q = batch.flavour[:, :4], batch.charge[:, :4]
    is_e = fl == 11
    ok: dict[str, np.ndarray] = {}
    ok["electron.et"] = np.all(~is_e | (pt > 7.0 * 1.05), axis=1)
    ok["electron.abs_eta"] = np.all(~is_e | (np.abs(eta) < 2.47 - 0.03), axis=1)
    ok["muon.pt"] = np.all(is_e | (pt > 5.0 * 1.05), axis=1)
    ok["muon.abs_eta"] = np.all(is_e | (np.abs(eta) < 2.7 - 0.03), axis=1)
    ranked = -np.sort(-pt, axis=1)
    ok["quadruplet.pt.r1"] = ranked[:, 0] > 20.0 * 1.05
    ok["quadruplet.pt.r2"] = ranked[:, 1] > 15.0 * 1.05
    ok["quadruplet.pt.r3"] = ranked[:, 2] > 10.0 * 1.05
    p4 = [batch.p4(i) for i in range(4)]
    m4l = np.asarray((p4[0] + p4[1] + p4[2] + p4[3]).mass)
    dr_same, dr_diff, sfos_min, pair_mass = _pair_extremes(p4, eta, phi, fl, q)
    ok["lepton_pair.dr.same"] = dr_same > 0.10 + 0.05
    ok["lepton_pair.dr.different"] = dr_diff > 0.20 + 0.05
    ok["sfos_pair.mass"] = sfos_min > 6.0
    # candidates: splits into two SFOS pairs; Z1 = the pair closer to mZ; choose min |m12 - mZ|
    best = np.full(batch.n, np.inf)
    m12 = np.full(batch.n, np.nan)
    m34 = np.full(batch.n, np.nan)
    n_valid = np.zeros(batch.n, int)
    for (a, b), (c, d) in _SPLITS:
        valid = (
            (fl[:, a] == fl[:, b]) & (q[:, a] == -q[:, b]) & (fl[:, c] == fl[:, d]) & (q[:, c] == -q[:, d])
        )
        ma, mc = pair_mass[(a, b)], pair_mass[(c, d)]
        first = np.abs(ma - Z_MASS) <= np.abs(mc - Z_MASS)
        z1, z2 = np.where(first, ma, mc), np.where(first, mc, ma)
        better = valid & (np.abs(z1 - Z_MASS) < best)
        best = np.where(better, np.abs(z1 - Z_MASS), best)
        m12, m34 = np.where(better, z1, m12), np.where(better, z2, m34)
        n_valid += valid
    ok["quadruplet.sfos_pairs"] = n_valid >= 1
    with np.errstate(invalid="ignore"):
        ok["z1.mass"] = (m12 > 51.0) & (m12 < 105.0)
        ok["z2.mass"] = (m34 > m34_threshold(m4l) + 1.0) & (m34 < 114.0)
    ok["quadruplet.mass"] = (m4l > 116.0) & (m4l < 129.0)
    ok["single_candidate"] = n_valid == 1
    return ok


def _probe_values(batch: Batch) -> dict[str, np.ndarray]:
    """The event-level value of each kinematic probe (extreme over the relevant leptons)."""
    kin = _kinematics(batch)
    pt, eta, phi = kin["pt"][:, :4], kin["eta"][:, :4], kin["phi"][:, :4]
    fl, q = batch.flavour[:, :4], batch.charge[:, :4]
    is_e = fl == 11
    ranked = -np.sort(-pt, axis=1)
    values = {
        "electron.et": np.min(np.where(is_e, pt, np.inf), axis=1),
        "muon.pt": np.min(np.where(~is_e, pt, np.inf), axis=1),
        "electron.abs_eta": np.max(np.where(is_e, np.abs(eta), -np.inf), axis=1),
        "muon.abs_eta": np.max(np.where(~is_e, np.abs(eta), -np.inf), axis=1),
        "quadruplet.pt.r1": ranked[:, 0],
        "quadruplet.pt.r2": ranked[:, 1],
        "quadruplet.pt.r3": ranked[:, 2],
    }
    dr_same, dr_diff, sfos_min, _ = _pair_extremes([batch.p4(i) for i in range(4)], eta, phi, fl, q)
    values.update(
        {"lepton_pair.dr.same": dr_same, "lepton_pair.dr.different": dr_diff, "sfos_pair.mass": sfos_min}
    )
    return values


def _accept(
    batch: Batch, skip: set[str], need_single: bool = True, side_of: tuple[str, float, int] | None = None
) -> np.ndarray:
    ok = _margins(batch)
    keep = ~batch.reject
    if side_of is not None:  # the probed quantity must sit on the intended side of its threshold
        cut, threshold, side = side_of
        value = _probe_values(batch)[cut]
        keep &= (value > threshold) if side > 0 else (value < threshold)
        keep &= np.abs(value / threshold - 1.0) < 2 * REL_DELTA  # the moved lepton is the extreme one
    for name, passed in ok.items():
        if name in skip or (name == "single_candidate" and not need_single):
            continue
        keep &= passed
    return keep


def _fill(
    builder: Callable[[int], Batch],
    n: int,
    skip: set[str],
    need_single: bool = True,
    side_of: tuple[str, float, int] | None = None,
) -> Batch:
    """Call `builder` until `n` events pass every margin check except those in `skip`."""
    kept: list[Batch] = []
    have, size = 0, max(64, 8 * n)
    for _ in range(60):
        batch = builder(size)
        good = np.flatnonzero(_accept(batch, skip, need_single, side_of))
        if len(good):
            kept.append(batch.take(good[: n - have]))
            have += min(len(good), n - have)
        if have >= n:
            return _concat(kept)
        size = min(size * 2, 400_000)
    raise SynthError(f"could not build {n} boundary events (kept {have}); this is a generator bug")


# ---------------------------------------------------------------------------------------------
# Boundary events.
def _template(rng: np.random.Generator, n: int, channel: str) -> Batch:
    """Higgs-like four-lepton events in one channel ("2e2mu" = Z1 ee, "2mu2e", "4e", "4mu")."""
    f1v, f2v = {"4e": (11, 11), "4mu": (13, 13), "2e2mu": (11, 13), "2mu2e": (13, 11)}[channel]
    f1, f2 = np.full(n, f1v, np.int32), np.full(n, f2v, np.int32)
    m4l = H_MASS + rng.normal(0, 1.5, n)
    m12 = _breit_wigner(rng, n, Z_MASS, Z_WIDTH, 70.0, 100.0)
    m34 = rng.uniform(18.0, np.maximum(m4l - m12 - 1.0, 18.5))
    return _four_lepton(rng, m4l, m12, m34, f1, f2)


def _mixed(rng: np.random.Generator, n: int) -> str:
    return "2e2mu" if rng.random() < 0.5 else "2mu2e"


def _set_pt(batch: Batch, rows: np.ndarray, slots: np.ndarray, new_pt: np.ndarray) -> None:
    kin = _kinematics(batch)
    scale = new_pt / kin["pt"][rows, slots]
    batch.px[rows, slots] *= scale
    batch.py[rows, slots] *= scale
    batch.pz[rows, slots] *= scale
    m = _lepton_mass(batch.flavour[rows, slots])
    batch.e[rows, slots] = np.sqrt(
        batch.px[rows, slots] ** 2 + batch.py[rows, slots] ** 2 + batch.pz[rows, slots] ** 2 + m**2
    )


def _set_direction(
    batch: Batch, rows: np.ndarray, slots: np.ndarray, eta: np.ndarray, phi: np.ndarray
) -> None:
    kin = _kinematics(batch)
    pt = kin["pt"][rows, slots]
    m = _lepton_mass(batch.flavour[rows, slots])
    v = _ptetaphim(pt, eta, phi, m)
    batch.px[rows, slots], batch.py[rows, slots], batch.pz[rows, slots], batch.e[rows, slots] = (
        v.px,
        v.py,
        v.pz,
        v.E,
    )


def _pick_slot(
    rng: np.random.Generator, batch: Batch, flavour: int | None, how: str = "random"
) -> np.ndarray:
    """One slot (0–3) per event: a random lepton of `flavour`, or the softest one."""
    pt = _kinematics(batch)["pt"][:, :4]
    allowed = np.ones((batch.n, 4), bool) if flavour is None else batch.flavour[:, :4] == flavour
    if how == "softest":
        return np.argmin(np.where(allowed, pt, np.inf), axis=1)
    score = np.where(allowed, rng.random((batch.n, 4)), -1.0)
    return np.argmax(score, axis=1)


def _boundary(rng: np.random.Generator, probe_index: int, side: int, n: int) -> Batch:
    """`n` events for one probe and side (-1 below / +1 above the threshold)."""
    probe = PROBES[probe_index]
    factor = 1.0 + side * REL_DELTA
    target = probe.threshold * factor
    flavour = {"electron": 11, "muon": 13}.get(probe.cut.split(".")[0])
    cut = probe.cut
    expect_pass = (side > 0) == probe.passes_above

    def attribute_builder(size: int) -> Batch:
        batch = _template(rng, size, _mixed(rng, size))
        _attributes(rng, batch, clean=True)
        return batch

    if probe.kind in ("attribute", "boolean"):
        batch = _fill(attribute_builder, n, skip=set())
        rows = np.arange(n)
        slot = _pick_slot(rng, batch, flavour)
        a = batch.attrs
        kin = _kinematics(batch)
        pt = kin["pt"][rows, slot]
        sign = np.where(rng.random(n) < 0.5, -1.0, 1.0)
        if cut == "lepton.z0sintheta":
            theta = 2 * np.arctan(np.exp(-kin["eta"][rows, slot]))
            a["z0"][rows, slot] = sign * target / np.sin(theta)
        elif cut in ("electron.d0sig", "muon.d0sig"):
            sigma = np.abs(
                a["d0"][rows, slot] / np.where(a["d0sig"][rows, slot] == 0, 1, a["d0sig"][rows, slot])
            )
            a["d0sig"][rows, slot] = sign * target
            a["d0"][rows, slot] = sign * target * np.where(np.isfinite(sigma) & (sigma > 0), sigma, 0.02)
        elif cut == "muon.d0":
            a["d0"][rows, slot] = sign * target
            a["d0sig"][rows, slot] = sign * 2.0
        elif cut == "lepton.iso_track":
            a["ptvarcone30"][rows, slot] = target * pt
        elif cut in ("electron.iso_calo", "muon.iso_calo"):
            a["topoetcone20"][rows, slot] = target * pt
        elif cut in ("electron.id", "muon.id"):
            a["loose"][rows, slot] = expect_pass
        elif cut == "event.trigger":
            trig = np.zeros((n, 4), bool)
            if expect_pass:
                dilepton = np.where(np.sum(batch.flavour[:, :4] == 11, axis=1) >= 2, 2, 3)
                trig[rows, dilepton] = True
            batch.trigger_override = trig
        elif cut == "quadruplet.sfos_pairs" and not expect_pass:
            batch.charge[rows, slot] *= -1
        _finish_truth(batch)
    elif probe.kind == "kinematic":
        batch = _kinematic_probe(rng, cut, target, n, (cut, probe.threshold, side))
    elif probe.kind == "mass":
        batch = _mass_probe(rng, probe, target, n)
    elif probe.kind == "dr":
        batch = _dr_probe(rng, cut, target, n, (cut, probe.threshold, side))
    else:
        batch = _jpsi_probe(rng, target, n, (cut, probe.threshold, side))
    batch.probe[:] = probe_index
    batch.side[:] = side
    if cut != "event.trigger":  # every trigger fires, so that only the probed cut decides
        n_e = np.sum(batch.flavour[:, :4] == 11, axis=1)
        n_mu = 4 - n_e
        batch.trigger_override = np.stack([n_e >= 1, n_mu >= 1, n_e >= 2, n_mu >= 2], axis=1)
    return batch


def _finish_truth(batch: Batch) -> None:
    """Truth after a modification: masses of the generator pairs from the final four-vectors."""
    _fill_truth_from_slots(batch, None)


def _kinematic_probe(
    rng: np.random.Generator, cut: str, target: float, n: int, side_of: tuple[str, float, int]
) -> Batch:
    flavour = {"electron": 11, "muon": 13}.get(cut.split(".")[0])

    def builder(size: int) -> Batch:
        batch = _template(rng, size, _mixed(rng, size))
        _attributes(rng, batch, clean=True)
        rows = np.arange(size)
        kin = _kinematics(batch)
        if cut.startswith("quadruplet.pt.r"):
            rank = int(cut[-1])
            slot = np.argsort(-kin["pt"][:, :4], axis=1)[:, rank - 1]
            _set_pt(batch, rows, slot, np.full(size, target))
            # the modified lepton must keep its rank
            pts = _kinematics(batch)["pt"][:, :4]
            batch.reject = np.sum(pts > pts[rows, slot][:, None], axis=1) != rank - 1
        elif cut.endswith(".abs_eta"):
            slot = _pick_slot(rng, batch, flavour)
            eta = kin["eta"][rows, slot]
            _set_direction(batch, rows, slot, np.sign(eta + 1e-12) * target, kin["phi"][rows, slot])
        else:
            slot = _pick_slot(rng, batch, flavour, "softest")
            _set_pt(batch, rows, slot, np.full(size, target))
        _finish_truth(batch)
        return batch

    return _fill(builder, n, skip={cut} | _rank_skips(cut), side_of=side_of)


def _rank_skips(cut: str) -> set[str]:
    """Moving one lepton's pT may push lower ranks; those are not what the probe tests."""
    if cut in ("electron.et", "muon.pt"):
        return {"quadruplet.pt.r3", "quadruplet.pt.r2"}
    return set()


def _mass_probe(rng: np.random.Generator, probe: Probe, target: float, n: int) -> Batch:
    """Generate (m4l, m12, m34) with the probed mass at `target`, the others safely inside."""
    cut, thr = probe.cut, probe.threshold

    def builder(size: int) -> Batch:
        m4l, m12, m34 = np.full(size, H_MASS), np.full(size, Z_MASS), np.full(size, 25.0)
        if cut == "z1.mass":
            m12[:] = target
            m34[:] = 30.0 if thr < 80 else 14.0
        elif cut == "z2.mass":
            m34[:] = target
            m4l[:] = {12.0: H_MASS, 31.0: 165.0, 115.0: 240.0}[thr]
        else:
            m4l[:] = target
            m34[:] = 18.0
        f1 = np.where(rng.random(size) < 0.5, 11, 13).astype(np.int32)
        batch = _four_lepton(rng, m4l, m12, m34, f1, (24 - f1).astype(np.int32))
        _attributes(rng, batch, clean=True)
        return batch

    skip = {cut}
    if cut != "quadruplet.mass" and probe.threshold not in (12.0, 50.0, 106.0):
        skip.add("quadruplet.mass")  # m4l = 165 or 240 cannot be inside the fiducial window
    if cut == "z2.mass" and thr == 115.0:
        skip |= {"z1.mass"}
    return _fill(builder, n, skip)


def _dr_probe(
    rng: np.random.Generator, cut: str, target: float, n: int, side_of: tuple[str, float, int]
) -> Batch:
    same = cut.endswith(".same")

    def builder(size: int) -> Batch:
        batch = _template(rng, size, ("4mu" if rng.random() < 0.5 else "4e") if same else _mixed(rng, size))
        _attributes(rng, batch, clean=True)
        rows = np.arange(size)
        # same: the two positive leptons (slots 0 and 2); different: slot 0 (Z1) and slot 2 (Z2)
        a, b = np.zeros(size, int), np.full(size, 2)
        kin = _kinematics(batch)
        alpha = rng.uniform(-np.pi, np.pi, size)
        eta = kin["eta"][rows, a] + target * np.cos(alpha)
        phi = (kin["phi"][rows, a] + target * np.sin(alpha) + np.pi) % (2 * np.pi) - np.pi
        _set_direction(batch, rows, b, eta, phi)
        _finish_truth(batch)
        return batch

    return _fill(builder, n, skip={cut}, need_single=not same, side_of=side_of)


def _jpsi_probe(rng: np.random.Generator, target: float, n: int, side_of: tuple[str, float, int]) -> Batch:
    """4e/4μ: move the Z2 ℓ- (slot 3) towards the Z1 ℓ+ (slot 0) until m(0,3) = target, so the
    alternative pairing's SFOS pair sits at the J/ψ-veto threshold."""

    def builder(size: int) -> Batch:
        batch = _template(rng, size, "4mu" if rng.random() < 0.5 else "4e")
        _attributes(rng, batch, clean=True)
        rows = np.arange(size)
        kin = _kinematics(batch)
        alpha = rng.uniform(-np.pi, np.pi, size)
        eta0, phi0 = kin["eta"][:, 0], kin["phi"][:, 0]
        lo, hi = np.zeros(size), np.full(size, 1.5)
        for _ in range(50):  # bisection on the angular distance d giving m(0,3) = target
            mid = 0.5 * (lo + hi)
            _set_direction(
                batch, rows, np.full(size, 3), eta0 + mid * np.cos(alpha), phi0 + mid * np.sin(alpha)
            )
            mass = np.asarray((batch.p4(0) + batch.p4(3)).mass)
            too_big = mass > target
            hi, lo = np.where(too_big, mid, hi), np.where(too_big, lo, mid)
        phi = (phi0 + hi * np.sin(alpha) + np.pi) % (2 * np.pi) - np.pi
        _set_direction(batch, rows, np.full(size, 3), eta0 + hi * np.cos(alpha), phi)
        _finish_truth(batch)
        return batch

    return _fill(builder, n, skip={"sfos_pair.mass"}, need_single=False, side_of=side_of)


# ---------------------------------------------------------------------------------------------
# Assembly into the schemas.
def _event_counts(events: int) -> dict[str, int]:
    per_side = int(
        np.clip(
            round(events * BOUNDARY_FRACTION / (2 * len(PROBES))),
            1 if events >= 2 * len(PROBES) * 4 else 0,
            MAX_PER_SIDE,
        )
    )
    n_boundary = per_side * 2 * len(PROBES)
    rest = events - n_boundary
    counts = {name: int(rest * frac) for name, frac in CLASS_FRACTIONS.items()}
    counts["higgs"] += rest - sum(counts.values())
    counts["boundary"] = per_side
    return counts


def generate(schema: str = "atlas-2025e", events: int = 10_000, seed: int = 0) -> ak.Array:
    """`events` synthetic events in `schema`, with the sidecar fields `synth_*`."""
    if schema not in SCHEMAS:
        raise SynthError(f"unknown schema {schema!r}; choose one of {', '.join(SCHEMAS)}")
    if events < 0:
        raise SynthError("the number of events must be >= 0")
    rng = np.random.default_rng(seed)
    counts = _event_counts(events)
    builders = {"higgs": _higgs, "zz": _zz, "z_nonprompt": _z_nonprompt, "ttbar": _ttbar, "onia_z": _onia_z}
    batches, classes = [], []
    for name, build in builders.items():
        batch = build(rng, counts[name])
        if name in ("higgs", "zz"):
            _add_fifth_lepton(rng, batch, 0.05)
        _attributes(rng, batch)
        batches.append(batch)
        classes.append(np.full(batch.n, CLASSES.index(name), np.int32))
    for index in range(len(PROBES)):
        for side in (-1, 1):
            if counts["boundary"]:
                batch = _boundary(rng, index, side, counts["boundary"])
                batches.append(batch)
                classes.append(np.full(batch.n, CLASSES.index("boundary"), np.int32))
    merged = _concat(batches)
    klass = np.concatenate(classes) if classes else np.zeros(0, np.int32)
    order = rng.permutation(merged.n)  # shuffle classes through the file
    merged, klass = merged.take(order), klass[order]
    return _to_schema(rng, merged, klass, schema, seed)


def _to_schema(rng: np.random.Generator, batch: Batch, klass: np.ndarray, schema: str, seed: int) -> ak.Array:
    n = batch.n
    kin = _kinematics(batch)
    is_boundary = klass == CLASSES.index("boundary")
    flags = _finish_flags(batch, kin, muon_quirk=True)
    # boundary events keep their flags independent of the impact parameters (one variable moves)
    plain = _finish_flags(batch, kin, muon_quirk=False)
    for key in flags:
        flags[key] = np.where(is_boundary[:, None], plain[key], flags[key])
    valid = np.arange(K)[None, :] < batch.n_lep[:, None]
    # storage order: 2025e electrons first then muons, unsorted within; 2020 by decreasing pT
    if schema == "atlas-2025e":
        sort_key = batch.flavour * 10.0 + rng.random((n, K))
    else:
        sort_key = -kin["pt"]
    order = np.argsort(np.where(valid, sort_key, np.inf), axis=1, kind="stable")
    inverse = np.argsort(order, axis=1)
    z1 = inverse[:, 0] * 10 + inverse[:, 1]
    z2 = inverse[:, 2] * 10 + inverse[:, 3]
    z1, z2 = np.minimum(z1, 10 * (z1 % 10) + z1 // 10), np.minimum(z2, 10 * (z2 % 10) + z2 // 10)

    # flat positions (row * K + slot) of the stored leptons, in storage order
    flat_index = (order + np.arange(n)[:, None] * K)[np.take_along_axis(valid, order, axis=1)]
    offsets = np.concatenate([[0], np.cumsum(batch.n_lep)]).astype(np.int64)

    def jag(values: np.ndarray) -> ak.Array:
        content = ak.contents.NumpyArray(values.reshape(-1)[flat_index])
        return ak.Array(ak.contents.ListOffsetArray(ak.index.Index64(offsets), content))

    a = batch.attrs
    is_e = batch.flavour == 11
    trig = _triggers(rng, batch, kin, flags["loose"], valid)
    single_e, single_mu = trig[:, 0], trig[:, 1]
    matched = valid & np.where(
        is_e, (kin["pt"] > 25) & single_e[:, None], (kin["pt"] > 21) & single_mu[:, None]
    )

    dsid = np.array([DSIDS[CLASSES[c]] for c in range(len(CLASSES))], np.int64)[klass]
    mc_weight = rng.normal(1.0, 0.1, n) * np.where(rng.random(n) < 0.01, -1, 1)
    sum_w = np.zeros(n)
    for d in np.unique(dsid):
        sum_w[dsid == d] = mc_weight[dsid == d].sum()
    xsec = np.array([XSEC_PB[int(d)] for d in dsid]) if n else np.zeros(0)
    sf = {
        name: rng.normal(1.0, 0.02, n).astype(np.float32) for name in ("PILEUP", "ELE", "MUON", "LepTRIGGER")
    }
    run = np.full(n, MC_RUN, np.uint32)
    sidecar = {
        "synth_class": klass.astype(np.int32),
        "synth_probe": batch.probe.astype(np.int32),
        "synth_side": batch.side.astype(np.int8),
        "synth_expect": np.where(
            batch.probe >= 0,
            ((batch.side > 0) == np.array([p.passes_above for p in PROBES] + [False])[batch.probe]).astype(
                np.int8
            ),
            -1,
        ).astype(np.int8),
        "synth_m4l": batch.m4l.astype(np.float32),
        "synth_m12": batch.m12.astype(np.float32),
        "synth_m34": batch.m34.astype(np.float32),
        "synth_z1": z1.astype(np.int8),
        "synth_z2": z2.astype(np.int8),
    }
    jets = _jets(rng, klass)
    met = rng.exponential(15.0, n)
    met_phi = rng.uniform(-np.pi, np.pi, n)
    if schema == "atlas-2025e":
        event_number = (np.uint64(seed % (1 << 20)) << np.uint64(32)) + np.arange(1, n + 1, dtype=np.uint64)
        fields: dict[str, Any] = {
            "runNumber": run,
            "eventNumber": event_number,
            "channelNumber": dsid.astype(np.uint32),
            "mcWeight": mc_weight.astype(np.float32),
            "xsec": xsec.astype(np.float32),
            "kfac": np.ones(n, np.float32),
            "filteff": np.ones(n, np.float32),
            "sum_of_weights": sum_w.astype(np.float64),
            "sum_of_weights_squared": _sum_sq(mc_weight, dsid),
            "num_events": _per_dsid_count(dsid),
            "ScaleFactor_PILEUP": sf["PILEUP"],
            "ScaleFactor_ELE": sf["ELE"],
            "ScaleFactor_MUON": sf["MUON"],
            "ScaleFactor_LepTRIGGER": sf["LepTRIGGER"],
            "ScaleFactor_MuTRIGGER": np.ones(n, np.float32),
            "ScaleFactor_ElTRIGGER": np.ones(n, np.float32),
            "ScaleFactor_FTAG": np.ones(n, np.float32),
            "ScaleFactor_BTAG": np.ones(n, np.float32),
            "ScaleFactor_JVT": np.ones(n, np.float32),
            "ScaleFactor_PHOTON": np.ones(n, np.float32),
            "ScaleFactor_MLTRIGGER": np.ones(n, np.float32),
            "TriggerMatch_DILEPTON": (trig[:, 2] | trig[:, 3]).astype(np.float32),
            "trigE": single_e,
            "trigM": single_mu,
            "trigDE": trig[:, 2],
            "trigDM": trig[:, 3],
            "trigML": np.zeros(n, bool),
            "trigDT": np.zeros(n, bool),
            "trigT": np.zeros(n, bool),
            "trigP": np.zeros(n, bool),
            "trigMET": np.zeros(n, bool),
            "lep_n": batch.n_lep.astype(np.int32),
            "lep_type": jag(batch.flavour.astype(np.int32)),
            "lep_pt": jag(kin["pt"].astype(np.float32)),
            "lep_eta": jag(kin["eta"].astype(np.float32)),
            "lep_phi": jag(kin["phi"].astype(np.float32)),
            "lep_e": jag(batch.e.astype(np.float32)),
            "lep_charge": jag(batch.charge.astype(np.int32)),
            "lep_ptvarcone30": jag(a["ptvarcone30"].astype(np.float32)),
            "lep_topoetcone20": jag(a["topoetcone20"].astype(np.float32)),
            "lep_z0": jag(a["z0"].astype(np.float32)),
            "lep_d0": jag(a["d0"].astype(np.float32)),
            "lep_d0sig": jag(a["d0sig"].astype(np.float32)),
            "lep_isTightID": jag(flags["tight"]),
            "lep_isMediumID": jag(flags["medium"]),
            "lep_isLooseID": jag(flags["loose"]),
            "lep_isTightIso": jag(flags["tight_iso"]),
            "lep_isLooseIso": jag(flags["loose_iso"]),
            "lep_isTrigMatched": jag(matched),
            "jet_n": jets["n"].astype(np.int32),
            "jet_pt": jets["pt"],
            "jet_eta": jets["eta"],
            "jet_phi": jets["phi"],
            "jet_e": jets["e"],
            "jet_btag_quantile": jets["btag"],
            "jet_jvt": jets["jvt"],
            "photon_n": np.zeros(n, np.int32),
            "met": met.astype(np.float32),
            "met_phi": met_phi.astype(np.float32),
        }
    else:
        mev = 1000.0
        fields = {
            "runNumber": run.astype(np.int32),
            "eventNumber": ((seed % 200) * 10_000_000 + np.arange(1, n + 1)).astype(np.int32),
            "channelNumber": dsid.astype(np.int32),
            "mcWeight": mc_weight.astype(np.float32),
            "scaleFactor_PILEUP": sf["PILEUP"],
            "scaleFactor_ELE": sf["ELE"],
            "scaleFactor_MUON": sf["MUON"],
            "scaleFactor_PHOTON": np.ones(n, np.float32),
            "scaleFactor_TAU": np.ones(n, np.float32),
            "scaleFactor_BTAG": np.ones(n, np.float32),
            "scaleFactor_LepTRIGGER": sf["LepTRIGGER"],
            "scaleFactor_PhotonTRIGGER": np.ones(n, np.float32),
            "trigE": single_e | trig[:, 2],
            "trigM": single_mu | trig[:, 3],
            "trigP": np.zeros(n, bool),
            "lep_n": batch.n_lep.astype(np.uint32),
            "lep_truthMatched": jag(batch.prompt),
            "lep_trigMatched": jag(matched),
            "lep_pt": jag((kin["pt"] * mev).astype(np.float32)),
            "lep_eta": jag(kin["eta"].astype(np.float32)),
            "lep_phi": jag(kin["phi"].astype(np.float32)),
            "lep_E": jag((batch.e * mev).astype(np.float32)),
            "lep_z0": jag(a["z0"].astype(np.float32)),
            "lep_charge": jag(batch.charge.astype(np.int32)),
            "lep_type": jag(batch.flavour.astype(np.uint32)),
            "lep_isTightID": jag(flags["tight"]),
            "lep_ptcone30": jag((a["ptvarcone30"] * mev).astype(np.float32)),
            "lep_etcone20": jag((a["topoetcone20"] * mev).astype(np.float32)),
            "lep_trackd0pvunbiased": jag(a["d0"].astype(np.float32)),
            "lep_tracksigd0pvunbiased": jag(np.abs(a["d0sig"]).astype(np.float32)),
            "met_et": (met * mev).astype(np.float32),
            "met_phi": met_phi.astype(np.float32),
            "jet_n": jets["n"].astype(np.uint32),
            "jet_pt": jets["pt"] * np.float32(1000.0),
            "jet_eta": jets["eta"],
            "jet_phi": jets["phi"],
            "jet_E": jets["e"] * np.float32(1000.0),
            "jet_jvt": ak.values_astype(jets["jvt"], np.float32),
            "jet_MV2c10": jets["mv2c10"],
            "photon_n": np.zeros(n, np.uint32),
            "XSection": xsec.astype(np.float32),
            "SumWeights": sum_w.astype(np.float32),
        }
    fields.update(sidecar)
    return ak.Array(fields)


def _jets(rng: np.random.Generator, klass: np.ndarray) -> dict[str, Any]:
    """Anti-kt-like jets (GeV): Poisson multiplicity (more in tt̄), falling pT, |eta| < 4.5."""
    n = len(klass)
    counts = rng.poisson(np.where(klass == CLASSES.index("ttbar"), 2.5, 1.0), n)
    total = int(counts.sum())
    pt = 20.0 + rng.exponential(25.0, total)
    eta = rng.uniform(-4.5, 4.5, total)
    phi = rng.uniform(-np.pi, np.pi, total)
    v = _ptetaphim(pt, eta, phi, rng.uniform(4.0, 15.0, total))

    def jag(values: np.ndarray) -> ak.Array:
        return ak.unflatten(values, counts)

    return {
        "n": counts,
        "pt": jag(pt.astype(np.float32)),
        "eta": jag(eta.astype(np.float32)),
        "phi": jag(phi.astype(np.float32)),
        "e": jag(np.asarray(v.E).astype(np.float32)),
        "btag": jag(rng.integers(1, 6, total).astype(np.int32)),
        "jvt": jag(rng.random(total) < 0.9),
        "mv2c10": jag(rng.uniform(-1, 1, total).astype(np.float32)),
    }


def _sum_sq(weights: np.ndarray, dsid: np.ndarray) -> np.ndarray:
    out = np.zeros(len(weights))
    for d in np.unique(dsid):
        out[dsid == d] = np.sum(weights[dsid == d] ** 2)
    return out


def _per_dsid_count(dsid: np.ndarray) -> np.ndarray:
    out = np.zeros(len(dsid))
    for d in np.unique(dsid):
        out[dsid == d] = np.sum(dsid == d)
    return out


def _triggers(
    rng: np.random.Generator, batch: Batch, kin: dict[str, np.ndarray], loose: np.ndarray, valid: np.ndarray
) -> np.ndarray:
    """(n, 4) booleans: single electron, single muon, di-electron, di-muon."""
    pt = kin["pt"]
    is_e = (batch.flavour == 11) & valid
    is_mu = (batch.flavour == 13) & valid
    n = batch.n
    single_e = np.any(is_e & loose & (pt > 25), axis=1) & (rng.random(n) < 0.97)
    single_mu = np.any(is_mu & (pt > 21), axis=1) & (rng.random(n) < 0.95)
    di_e = (np.sum(is_e & (pt > 13), axis=1) >= 2) & (rng.random(n) < 0.95)
    di_mu = (np.sum(is_mu & (pt > 11), axis=1) >= 2) & (rng.random(n) < 0.95)
    trig = np.stack([single_e, single_mu, di_e, di_mu], axis=1)
    if batch.trigger_override is not None and "_trigger_set" in batch.attrs:
        override = batch.attrs["_trigger_set"][:, 0].astype(bool)
        trig[override] = batch.trigger_override[override]
    return trig


# ---------------------------------------------------------------------------------------------
# Writing.
TREES = {"atlas-2025e": "analysis", "atlas-2020": "mini"}


def write(
    path: str | Path,
    schema: str = "atlas-2025e",
    events: int | ak.Array = 10_000,
    seed: int = 0,
    chunk: int = 200_000,
) -> Path:
    """Write a synthetic sample (generated here when `events` is a count) to a ROOT file with
    uproot (mktree + extend), plus the sidecar description FILE.root.json."""
    array = generate(schema, events, seed) if isinstance(events, int) else events
    import uproot

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    groups: dict[str, list[str]] = {}  # jagged branches by collection: lep_*, jet_*
    for f in array.fields:
        if array[f].ndim == 2:
            groups.setdefault(f.split("_", 1)[0], []).append(f)
    jagged = [f for fields in groups.values() for f in fields]
    flat = [f for f in array.fields if f not in jagged]
    with uproot.recreate(path) as out:
        branch_types: dict[str, Any] = {f: array[f].type.content for f in flat}
        for prefix, fields in groups.items():
            branch_types[prefix] = ak.zip({f[len(prefix) + 1 :]: array[f][:0] for f in fields}).type.content
        tree = out.mktree(TREES[schema], branch_types, counter_name=lambda counted: "n" + counted)
        for start in range(0, max(len(array), 1), chunk):
            part = array[start : start + chunk]
            if not len(part):
                break
            data: dict[str, Any] = {f: ak.to_numpy(part[f]) for f in flat}
            for prefix, fields in groups.items():
                data[prefix] = ak.zip({f[len(prefix) + 1 :]: part[f] for f in fields})
            tree.extend(data)
    describe(array, schema, seed, path.with_name(path.name + ".json"))
    return path


def describe(array: ak.Array, schema: str, seed: int, path: Path | None = None) -> dict[str, Any]:
    """The sidecar: code tables, counts per class and per probe side, and the generator setup."""
    klass = ak.to_numpy(array["synth_class"])
    probe = ak.to_numpy(array["synth_probe"])
    side = ak.to_numpy(array["synth_side"])
    info: dict[str, Any] = {
        "generator": "hep-repro corpus.synth",
        "schema": schema,
        "tree": TREES[schema],
        "seed": seed,
        "events": len(array),
        "energy_unit": "GeV" if schema == "atlas-2025e" else "MeV",
        "truth_unit": "GeV",
        "lumi_fb": LUMI_FB[schema],
        "classes": {str(i): name for i, name in enumerate(CLASSES)},
        "class_counts": {name: int(np.sum(klass == i)) for i, name in enumerate(CLASSES)},
        "probes": probes(),
        "probe_counts": {
            f"{i}:{p.cut}@{p.threshold:g}": {
                "below": int(np.sum((probe == i) & (side < 0))),
                "above": int(np.sum((probe == i) & (side > 0))),
            }
            for i, p in enumerate(PROBES)
        },
        "sides": {
            "-1": "below the threshold (boolean cuts: fails)",
            "1": "above the threshold (boolean cuts: passes)",
            "0": "not a boundary event",
        },
        "dsids": {name: DSIDS[name] for name in CLASSES},
        "xsec_pb": {str(k): v for k, v in XSEC_PB.items()},
    }
    if path is not None:
        Path(path).write_text(json.dumps(info, indent=1))
    return info


def expected_first_failure(probe_index: int, side: int) -> str | None:
    """The cut id a boundary event is expected to fail (None when it passes the probed cut)."""
    p = PROBES[probe_index]
    return None if (side > 0) == p.passes_above else p.cut


__all__ = [
    "CLASSES",
    "PROBES",
    "SCHEMAS",
    "SynthError",
    "describe",
    "generate",
    "m34_threshold",
    "probes",
    "write",
]
_ = math  # math kept for users computing thresholds in notebooks

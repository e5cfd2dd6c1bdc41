# ruff: noqa: F821
# mypy: ignore-errors
"""The selection-independent part of every compiled analysis.

The compiler copies this file (from the line after `# --- engine ---`) verbatim into the generated
analysis, after the generated, selection-specific part that defines: TREE, LUMI_FB, Z_MASS,
BRANCHES, STEPS, REQUIREMENTS, CHOICE_KEYS, read_objects(events), event_weight(events),
event_ids(events, entry_start), event_cuts(events), object_cuts(objects), candidate_cuts(cand).
It is kept as a module so that it is linted and tested like any other code.
"""

# --- engine ---
# Everything below is the same for every selection: how steps combine into a cutflow.
#
# Step semantics. Object cuts filter their collection cumulatively; an event passes an object
# step when its multiplicity requirements (REQUIREMENTS, or >= 1 object of the step's type when
# there are none) still hold with the surviving objects. Candidate cuts act on every candidate
# (four surviving leptons with two disjoint same-flavour opposite-sign pairs); an event passes
# while at least one candidate survives. The choice step keeps one candidate per event; cuts after
# it ("chosen") test only that candidate. Flat numpy arrays throughout: no per-event Python loops.

HISTOGRAMS = {
    "m4l": ("m4l", "$m_{4\\ell}$ [GeV]", 36, 80.0, 170.0),
    "m12": ("m12", "$m_{12}$ [GeV]", 30, 40.0, 120.0),
    "m34": ("m34", "$m_{34}$ [GeV]", 30, 0.0, 120.0),
}
SELECTED_COLUMNS = ("runNumber", "eventNumber", "channel", "m4l", "m12", "m34", "weight")
TOTALS = ("events", "weighted", "one_cut", "n_minus_1")  # per-step sums over the chunks
PROGRESS_COLUMNS = ("runNumber", "eventNumber", "passed", "channel", "m4l", "m12", "m34", "weight")
CHANNELS = np.array(["", "4mu", "2e2mu", "2mu2e", "4e", "ee", "mumu", "emu", "gamgam"])
# The three ways to split four leptons (0, 1, 2, 3) into two pairs, and the six pairs.
SPLITS = (((0, 1), (2, 3)), ((0, 2), (1, 3)), ((0, 3), (1, 2)))
PAIRS = ((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3))


class MissingBranchError(KeyError):
    """A branch the analysis needs is not in the file; the message lists the nearest names."""

    def __str__(self) -> str:
        return str(self.args[0])


class BadFileError(ValueError):
    """A file cannot be read as a ROOT file with the expected tree."""


def jagged_parts(array):
    """(offsets, values) of a jagged (events x objects) awkward array as numpy arrays: the objects of
    event i are values[offsets[i]:offsets[i + 1]], offsets start at 0. No copy for the layout
    uproot reads (list offsets over numbers); any other layout through awkward."""
    layout = array.layout
    if isinstance(layout, ak.contents.ListOffsetArray) and isinstance(layout.content, ak.contents.NumpyArray):
        offsets = np.asarray(layout.offsets.data)
        return offsets - offsets[0], layout.content.data[offsets[0] : offsets[-1]]
    counts = np.asarray(ak.num(array, axis=1))
    return np.concatenate([[0], np.cumsum(counts)]), np.asarray(ak.flatten(array))


def object_offsets(events, branch):
    """The offsets of a collection (see jagged_parts), from one of its branches."""
    return jagged_parts(events[branch])[0]


def values(events, branch, offsets):
    """The flat values of the object branch `branch`; BadFileError unless its events hold as many
    objects as its collection's (`offsets`)."""
    mine, flat = jagged_parts(events[branch])
    if not np.array_equal(mine, offsets):
        raise BadFileError(
            f"branch {branch!r} holds a different number of objects per event than the other branches of its collection"
        )
    return flat


def object_table(fields, offsets, keep=None):
    """One collection's objects: its fields as flat numpy arrays (numbers as float64) plus "event",
    the index of each object's event. `keep` (a boolean per object) drops the other objects."""
    event = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    if keep is not None and keep.all():
        keep = None
    if keep is not None:
        event = event[keep]
    table = {name: values if keep is None else values[keep] for name, values in fields.items()}
    # numbers as float64, converted into the rows of one block (one allocation: faster)
    numeric = [name for name, values in table.items() if values.dtype.kind in "fiu"]
    block = np.empty((len(numeric), len(event)))
    for row, name in zip(block, numeric, strict=True):
        row[...] = table[name]
        table[name] = row
    table["event"] = event
    return table


def concatenate_objects(tables):
    """Objects of several collections as one (object_table), each event's objects in the order of
    `tables` (electrons, then muons)."""
    order = np.argsort(np.concatenate([table["event"] for table in tables]), kind="stable")
    return {name: np.concatenate([table[name] for table in tables])[order] for name in tables[0]}


def four_vectors(obj, index=slice(None)):
    """Cartesian components (px, py, pz, E) of the objects at `index` (any shape): the formulas of
    vector's pt-eta-phi-E vectors, evaluated directly on plain arrays (no record conversion)."""
    pt, phi = obj["pt"][index], obj["phi"][index]
    return pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(obj["eta"][index]), obj["energy"][index]


def invariant_mass(*momenta):
    """Mass of the sum of (px, py, pz, E) tuples, added in the given order; negative if m^2 < 0."""
    return mass(momentum_sum(*momenta))


def momentum_sum(*momenta):
    """(px, py, pz, E) of the sum of (px, py, pz, E) tuples, added in the given order."""
    return tuple(ordered_sum(parts) for parts in zip(*momenta, strict=True))


def mass(momentum):
    """Mass of one (px, py, pz, E) tuple; negative if m^2 < 0.
    (In-place arithmetic: the same operations in the same order, fewer temporary arrays.)"""
    px, py, pz, e = momentum
    m2 = e * e
    m2 -= px * px
    m2 -= py * py
    m2 -= pz * pz
    return np.copysign(np.sqrt(np.abs(m2)), m2)


def ordered_sum(parts):
    """parts[0] + parts[1] + ... (left to right) as a new array."""
    total = parts[0] + parts[1] if len(parts) > 1 else np.array(parts[0], dtype=np.float64)
    for part in parts[2:]:
        total += part
    return total


def delta_r(eta1, phi1, eta2, phi2):
    """Angular distance as vector computes it, sqrt(dphi**2 + deta**2), with the azimuth difference
    wrapped into [-pi, pi). (np.hypot would round differently, and is ~9x slower.)"""
    dphi = phi1 - phi2
    dphi += np.pi
    # = np.remainder(dphi, 2 pi), computed as numpy does it (an exact fmod, then + 2 pi where
    # negative) but about four times faster
    np.fmod(dphi, 2 * np.pi, out=dphi)
    dphi += (dphi < 0) * (2 * np.pi)
    dphi -= np.pi
    dphi *= dphi
    deta = eta1 - eta2
    deta *= deta
    dphi += deta
    return np.sqrt(dphi, out=dphi)


def combinations(counts, k, keep=None):
    """All k-subsets of the objects of every event, as (event index, flat object indices).

    Vectorised per multiplicity: events with n objects share one table of the C(n, k) subsets
    (in itertools order), written to their events' rows (ordered by event). With `keep` (sorted
    flat indices of the objects taking part, `counts` counting only those), indices refer to all
    objects.
    """
    offsets = np.cumsum(counts) - counts
    tables = {
        n: np.array(list(itertools.combinations(range(n), k)), dtype=np.int64).reshape(-1, k)
        for n in np.flatnonzero(np.bincount(counts)).tolist()
        if n >= k
    }
    subsets = np.zeros(len(counts), dtype=np.int64)  # per event
    for n, table in tables.items():
        subsets[counts == n] = len(table)
    first = np.cumsum(subsets) - subsets  # each event's first row
    member = np.empty((subsets.sum(), k), dtype=np.int64)
    for n, table in tables.items():
        which = np.flatnonzero(counts == n)
        rows = first[which][:, None] + np.arange(len(table))
        member[rows] = offsets[which][:, None, None] + table[None, :, :]
    event = np.repeat(np.arange(len(counts)), subsets)
    return event, member if keep is None else keep[member]


def highest_first(rows):
    """-np.sort(-rows.T, axis=1) for four rows (values x candidates), by a sorting network of
    np.maximum and np.minimum: the same values, several times faster than np.sort along a short
    axis. (np.sort itself where a value is not > 0: the network would not place NaN or -0.0 as
    np.sort does.)"""
    if not (rows > 0).all():
        return -np.sort(-rows.T, axis=1)
    rows = list(rows)
    for high, low in ((0, 1), (2, 3), (0, 2), (1, 3), (1, 2)):  # each: the larger one to `high`
        a, b = rows[high], rows[low]
        rows[high], rows[low] = np.maximum(a, b), np.minimum(a, b)
    return np.stack(rows, axis=1)


def build_candidates(lep, counts, keep=None):
    """Every way to form two disjoint same-flavour opposite-sign (SFOS) pairs from four leptons of
    an event; in each candidate Z1 is the pair closer to Z_MASS, Z2 the other one.

    A 4e or 4mu set of leptons gives two candidates (its two SFOS splittings), 2e2mu gives one.
    Returns flat per-candidate arrays, ordered by event; pair arrays have one column per pair of
    the four leptons (PAIRS), so cuts over "all pairs" include the alternative pairing. `keep`
    restricts the leptons taking part (see combinations).
    """
    quad_event, quad = combinations(counts, 4, keep)
    flavour, charge = lep["flavour"][quad], lep["charge"][quad]

    def sfos(a, b):
        return (flavour[:, a] == flavour[:, b]) & (charge[:, a] * charge[:, b] < 0)

    # candidates = (quadruplet, splitting) with both pairs SFOS, by splitting then (stably) by event
    rows = [np.flatnonzero(sfos(*first) & sfos(*second)) for first, second in SPLITS]
    split = np.repeat(np.arange(len(SPLITS)), [len(r) for r in rows])
    rows = np.concatenate(rows)
    by_event = np.argsort(quad_event[rows], kind="stable")
    rows, split = rows[by_event], split[by_event]
    # the legs (first pair, second pair) of each candidate: indices into the flat lepton arrays,
    # legs x candidates (one contiguous row per leg)
    split_legs = np.array([first + second for first, second in SPLITS])
    legs = quad.reshape(-1)[4 * rows + split_legs[split].T]
    p4 = list(zip(*four_vectors(lep, legs), strict=True))  # px, py, pz, E of each leg
    first_pair, second_pair = momentum_sum(p4[0], p4[1]), momentum_sum(p4[2], p4[3])
    m_first, m_second = mass(first_pair), mass(second_pair)
    first_is_z1 = np.abs(m_first - Z_MASS) <= np.abs(m_second - Z_MASS)

    def z1_first(a, b):  # a where the first pair is Z1, else b
        return np.where(first_is_z1, a, b)

    # legs ordered (Z1a, Z1b, Z2a, Z2b): swap the pairs where the second one is Z1
    legs = z1_first(legs, legs[[2, 3, 0, 1]])
    m4l = z1_first(
        mass(momentum_sum(first_pair, p4[2], p4[3])),  # (Z1a + Z1b) + Z2a + Z2b, either way
        mass(momentum_sum(second_pair, p4[0], p4[1])),
    )
    # the pairs across Z1 and Z2; a pair's mass does not depend on the order of its legs
    m02, m03, m12, m13 = (mass(momentum_sum(p4[a], p4[b])) for a, b in PAIRS[1:5])
    pair_mass = [z1_first(m_first, m_second), m02, z1_first(m03, m12), z1_first(m12, m03), m13]
    pair_mass.append(z1_first(m_second, m_first))
    flavour, charge, eta, phi = (lep[name][legs] for name in ("flavour", "charge", "eta", "phi"))
    same_flavour = np.stack([flavour[a] == flavour[b] for a, b in PAIRS], axis=1)
    opposite_charge = np.stack([charge[a] * charge[b] < 0 for a, b in PAIRS], axis=1)
    z1_muons, z2_muons = flavour[0] == 13, flavour[2] == 13
    return {
        "event": quad_event[rows],
        "members": legs.T,  # candidates x legs, ordered Z1a, Z1b, Z2a, Z2b
        "paired": np.ones(len(rows), dtype=bool),
        "m12": pair_mass[0],
        "m34": pair_mass[5],
        "m4l": m4l,
        "channel": np.select(
            [z1_muons & z2_muons, ~z1_muons & z2_muons, z1_muons & ~z2_muons], [1, 2, 3], default=4
        ),
        "n_sfos": np.full(len(rows), 2),
        "pt_sorted": highest_first(lep["pt"][legs]),
        "pair_same_flavour": same_flavour,
        "pair_dr": np.stack([delta_r(eta[a], phi[a], eta[b], phi[b]) for a, b in PAIRS], axis=1),
        "pair_mass": np.stack(pair_mass, axis=1),
        "pair_sfos": same_flavour & opposite_charge,
        "charge_sum": charge.sum(axis=0),
    }


def build_pairs(obj, counts, keep=None):
    """Every pair of objects of an event (two-object analyses: dilepton, diphoton)."""
    event, idx = combinations(counts, 2, keep)
    a, b = four_vectors(obj, idx[:, 0]), four_vectors(obj, idx[:, 1])
    px, py = a[0] + b[0], a[1] + b[1]
    mass = invariant_mass(a, b)
    flavour = obj["flavour"][idx] if "flavour" in obj else np.zeros(idx.shape)
    codes = {(11, 11): 5, (13, 13): 6, (11, 13): 7, (13, 11): 7}
    channel = np.full(len(event), 8)  # photons
    for (f1, f2), code in codes.items():
        channel[(flavour[:, 0] == f1) & (flavour[:, 1] == f2)] = code
    return {
        "event": event,
        "members": idx,
        "paired": np.ones(len(event), dtype=bool),
        "m12": mass,
        "m34": np.full(len(event), np.nan),
        "m4l": mass,
        "mass": mass,
        "pt_pair": np.hypot(px, py),
        "channel": channel,
        "pt_sorted": -np.sort(-obj["pt"][idx], axis=1),
        "dr": delta_r(
            obj["eta"][idx[:, 0]], obj["phi"][idx[:, 0]], obj["eta"][idx[:, 1]], obj["phi"][idx[:, 1]]
        ),
        "flavour": flavour,
        "same_flavour": flavour[:, 0] == flavour[:, 1],
        "charge_sum": obj["charge"][idx].sum(axis=1),
    }


def choose(data, alive):
    """Index of the chosen candidate per event (-1: none), by CHOICE_KEYS in order (lowest first)."""
    cand, n_events = data["candidates"], data["n_events"]
    chosen = np.full(n_events, -1, dtype=np.int64)
    survivors = np.flatnonzero(alive)
    if survivors.size == 0:
        return chosen
    events = cand["event"][survivors]  # candidates are ordered by event: one segment per event
    segment = np.cumsum(np.concatenate([[True], events[1:] != events[:-1]])) - 1  # of each survivor
    best = np.ones(len(survivors), dtype=bool)  # still tied for the best so far
    for all_keys in data["choice_keys"]:
        key = all_keys[survivors]
        key = np.where(best & ~np.isnan(key), key, np.inf)
        lowest = np.full(segment[-1] + 1, np.inf)
        np.minimum.at(lowest, segment, key)  # per segment (faster than reduceat for short ones)
        best &= key == lowest[segment]
    winners = survivors[best]
    first = np.concatenate([[True], cand["event"][winners][1:] != cand["event"][winners][:-1]])
    chosen[cand["event"][winners[first]]] = winners[first]  # exact ties: the first candidate
    return chosen


def choice_key(cand, name, target):
    if name == "channel":
        return cand["channel"].astype(np.float64)
    if name == "pt":  # the highest scalar pT sum first
        return -cand["pt_sorted"].sum(axis=1)
    column = {"z1_mass": "m12", "z2_mass": "m34", "mass": "m4l", "m4l": "m4l"}[name]
    return np.abs(cand[column] - target)


def count_per_event(objects, which, n_events):
    """Objects per event among `which` (a boolean mask or indices of objects)."""
    if which.dtype == bool:  # summing the mask: faster than selecting the objects' events first
        return np.bincount(objects["event"], weights=which, minlength=n_events).astype(np.int64)
    return np.bincount(objects["event"][which], minlength=n_events)


COMPARISONS = {
    ">": np.greater,
    ">=": np.greater_equal,
    "<": np.less,
    "<=": np.less_equal,
    "==": np.equal,
    "!=": np.not_equal,
}


def compare(values, op, target):
    return COMPARISONS[op](values, target)


def all_members(surviving, members):
    """Candidates whose member objects all survive (column by column: faster than .all(axis=1))."""
    ok = surviving[members[:, 0]]
    for column in range(1, members.shape[1]):
        ok &= surviving[members[:, column]]
    return ok


def is_member(data):
    """Which objects of the candidates' collection are a member of any candidate (computed once)."""
    if "is_member" not in data:
        objects, members = data["objects"][CANDIDATES["collection"]], data["candidates"]["members"]
        data["is_member"] = np.zeros(len(objects["event"]), dtype=bool)
        data["is_member"][members] = True
    return data["is_member"]


def shared_values(data, key):
    """The values (a dict) shared by evaluations with the same enabled object steps of a collection
    (key): kept for the few most recent keys only, as one-cut and N-1 counts reuse them."""
    cache = data.setdefault("shared", {})
    if key not in cache:
        if len(cache) >= 4:
            del cache[next(iter(cache))]  # the oldest
        cache[key] = {}
    return cache[key]


class Evaluation:
    """Which objects and candidates survive a set of enabled steps, and which events pass each."""

    def __init__(self, data, enabled):
        self.data, self.enabled = data, set(enabled)
        objects = data["objects"]
        # what depends only on the enabled object steps of a collection (surviving objects, their
        # counts, candidates whose members survive) is shared by the evaluations with the same ones
        self.surviving, self.shared = {}, {}
        for name, obj in objects.items():
            steps = tuple(
                step["id"]
                for step in STEPS
                if step["id"] in self.enabled and step["kind"] == "object" and step["collection"] == name
            )
            shared = self.shared[name] = shared_values(data, (name, steps))
            if "surviving" not in shared:
                shared["surviving"] = np.ones(len(obj["event"]), dtype=bool)
                for step in steps:
                    shared["surviving"] &= data["object_masks"][step]
            self.surviving[name] = shared["surviving"]
        self.chosen, self.counted, self.required = None, {}, None
        cand = data["candidates"]
        if cand is not None:
            shared = self.shared[CANDIDATES["collection"]]
            if "all_members" not in shared:
                shared["all_members"] = all_members(self.surviving[CANDIDATES["collection"]], cand["members"])
            alive = shared["all_members"].copy()
            for step in STEPS:
                if step["id"] in self.enabled and step["kind"] == "candidate":
                    alive &= data["candidate_masks"][step["id"]]
            self.alive, self._any_alive = alive, None

    @property
    def any_alive(self):
        """Events with a surviving candidate (computed when a step asks, once per `alive`)."""
        if self._any_alive is None:
            self._any_alive = np.zeros(self.data["n_events"], dtype=bool)
            self._any_alive[self.data["candidates"]["event"][self.alive]] = True
        return self._any_alive

    def extended(self, step):
        """This evaluation with one more step enabled (incremental: for the cumulative cutflow)."""
        data, name = self.data, step["id"]
        new = object.__new__(Evaluation)
        new.data, new.enabled, new.chosen, new.required = data, self.enabled | {name}, None, None
        new.surviving, new.counted, new.shared = dict(self.surviving), dict(self.counted), dict(self.shared)
        cand = data["candidates"]
        if cand is not None:
            new.alive, new._any_alive = self.alive, self._any_alive
        if step["kind"] == "object":
            collection, mask = step["collection"], data["object_masks"][name]
            new.surviving[collection] = self.surviving[collection] & mask
            new.shared.pop(collection, None)
            # known counts of this collection: subtract the (few) objects the step removes
            removed = np.flatnonzero(self.surviving[collection] & ~mask)
            objects = data["objects"][collection]
            for (other, flavour), counts in self.counted.items():
                if other == collection:
                    gone = removed[objects["flavour"][removed] == flavour] if flavour else removed
                    new.counted[other, flavour] = counts - count_per_event(objects, gone, data["n_events"])
            # alive candidates have all their members surviving: only a removed member can end one
            # (often none is: candidates of preselected objects only)
            if cand is not None and collection == CANDIDATES["collection"] and is_member(data)[removed].any():
                new.alive = self.alive & all_members(new.surviving[collection], cand["members"])
        elif step["kind"] == "candidate":
            new.alive = self.alive & data["candidate_masks"][name]
        if cand is not None and new.alive is not self.alive:
            new._any_alive = None
        return new

    def requirement(self, collection, flavour, op, value):
        """Events whose surviving objects of `collection` (and `flavour`) satisfy `op value`."""
        return compare(self.count(collection, flavour), op, value)

    def count(self, collection, flavour):
        """Surviving objects of `collection` (of `flavour`; 0: any) per event, computed once."""
        if (collection, flavour) not in self.counted:
            shared = self.shared.get(collection, {})
            if ("count", flavour) not in shared:
                objects = self.data["objects"][collection]
                mask = self.surviving[collection]
                if flavour:
                    mask = mask & (objects["flavour"] == flavour)
                shared["count", flavour] = count_per_event(objects, mask, self.data["n_events"])
            self.counted[collection, flavour] = shared["count", flavour]
        return self.counted[collection, flavour]

    def condition(self, step):
        """Does each event pass `step`, given the objects and candidates left by the enabled steps?"""
        data, n, kind = self.data, self.data["n_events"], step["kind"]
        if kind == "initial":
            return np.ones(n, dtype=bool)
        if kind == "event":
            return data["event_masks"][step["id"]]
        if kind == "count":
            return self.requirement(step["collection"], step["flavour"], step["op"], step["value"])
        if kind == "object":
            if not REQUIREMENTS:
                return self.requirement(step["collection"], step["flavour"], ">=", 1)
            if self.required is None:  # the same for every object step: computed once
                self.required = np.ones(n, dtype=bool)
                for requirement in REQUIREMENTS:
                    self.required &= self.requirement(*requirement)
            return self.required
        if kind in ("candidate", "choice"):
            return self.any_alive
        if kind == "chosen":
            chosen = self.chosen_candidates()
            passed = chosen >= 0
            rows = np.flatnonzero(passed)
            for other in STEPS:
                if other["kind"] == "chosen" and other["id"] in self.enabled:
                    passed[rows] &= data["candidate_masks"][other["id"]][chosen[rows]]
            return passed
        raise ValueError(f"unknown step kind {kind!r}")

    def chosen_candidates(self):
        if self.chosen is None:
            self.chosen = choose(self.data, self.alive)
        return self.chosen

    def passes_all(self):
        passed = np.ones(self.data["n_events"], dtype=bool)
        for step in STEPS:
            if step["id"] in self.enabled:
                passed &= self.condition(step)
        return passed


class EventColumns:
    """The per-event branches of a chunk as numpy arrays, each converted on first use (cheaper to
    combine than awkward arrays)."""

    def __init__(self, events):
        self.events, self.arrays = events, {}

    def __getitem__(self, branch):
        if branch not in self.arrays:
            self.arrays[branch] = np.asarray(self.events[branch])
        return self.arrays[branch]

    def __len__(self):
        return len(self.events)


def preselected(data, collection):
    """Objects of `collection` passing every object and event step that precedes the first
    candidate step: other candidates can never pass a candidate step in the cumulative cutflow."""
    objects = data["objects"][collection]
    mask = np.ones(len(objects["event"]), dtype=bool)
    for step in STEPS:
        if step["kind"] in ("candidate", "choice", "chosen"):
            break
        if step["kind"] == "object" and step["collection"] == collection:
            mask &= data["object_masks"][step["id"]]
        elif step["kind"] == "event":
            mask &= data["event_masks"][step["id"]][objects["event"]]
    return np.flatnonzero(mask)


def prepare(events, entry_start=0, every_candidate=True):
    """Read one chunk: objects as flat arrays, every cut's mask, the candidates (all of them, as
    one-cut and N-1 counts need, or only those of preselected objects: faster, same cutflow)."""
    n_events = len(events)
    data = {"n_events": n_events, "objects": read_objects(events)}
    columns = EventColumns(events)
    data["event_masks"] = {k: np.asarray(v, dtype=bool) for k, v in event_cuts(columns).items()}
    data["object_masks"] = {k: np.asarray(v, dtype=bool) for k, v in object_cuts(data["objects"]).items()}
    candidates = None
    if CANDIDATES["kind"] is not None:
        collection = CANDIDATES["collection"]
        members = data["objects"][collection]
        if every_candidate:
            keep, counts = None, np.bincount(members["event"], minlength=n_events)
        else:
            keep = preselected(data, collection)
            counts = np.bincount(members["event"][keep], minlength=n_events)
        build = build_candidates if CANDIDATES["kind"] == "quadruplet" else build_pairs
        candidates = build(members, counts, keep)
    if candidates is not None:
        data["candidate_masks"] = {
            k: np.asarray(v, dtype=bool) for k, v in candidate_cuts(candidates).items()
        }
        data["choice_keys"] = [choice_key(candidates, name, target) for name, target in CHOICE_KEYS]
    data["candidates"] = candidates
    data["weight"] = np.asarray(event_weight(columns), dtype=np.float64)
    data["run"], data["event"] = event_ids(columns, entry_start)
    return data


def process(events, entry_start=0, detail=True):
    """Apply the selection to one chunk of events; returns partial sums and the selected events."""
    data = prepare(events, entry_start, every_candidate=detail)
    n, weight = data["n_events"], data["weight"]
    ids = [s["id"] for s in STEPS]
    steps_passed = np.zeros(n, dtype=np.int64)  # the steps are cumulative: 0 .. steps_passed - 1
    passed = np.ones(n, dtype=bool)
    evaluation = Evaluation(data, [])
    alive_at = []  # the surviving candidates after each step
    for step in STEPS:
        evaluation = evaluation.extended(step)
        passed = passed & evaluation.condition(step)
        steps_passed += passed
        alive_at.append(evaluation.alive if data["candidates"] is not None else None)
    last = last_candidates(data, alive_at, steps_passed)
    summary = {
        "events": passing_each_step(steps_passed).tolist(),
        "weighted": passing_each_step(steps_passed, weight).tolist(),
        "progress": {
            "runNumber": data["run"],
            "eventNumber": data["event"],
            "passed": steps_passed,
            "weight": weight,
            **candidate_values(data["candidates"], last),
        },
    }
    if detail:
        object_steps = [s["id"] for s in STEPS if s["kind"] in ("object", "count")]
        one_cut, n_minus_1 = [], []
        for step in STEPS:
            alone = [step["id"]] + (object_steps if step["kind"] in ("candidate", "choice", "chosen") else [])
            one_cut.append(int(Evaluation(data, alone).passes_all().sum()))
            n_minus_1.append(int(Evaluation(data, [i for i in ids if i != step["id"]]).passes_all().sum()))
        summary["one_cut"], summary["n_minus_1"] = one_cut, n_minus_1
    summary["selected"] = selected_events(data, last, steps_passed == len(STEPS))
    return summary


def passing_each_step(steps_passed, weight=None):
    """Per step, the events (or their summed weight) that pass it: those that passed more steps."""
    per_number = np.bincount(steps_passed, weights=weight, minlength=len(STEPS) + 1)
    return np.cumsum(per_number[::-1])[::-1][1:]


def last_candidates(data, alive_at, steps_passed):
    """Per event, the candidate the choice prefers among those alive at the last step the event
    passed (-1: none), for events that reached the candidate steps: the candidate whose values
    explain why the event fails the next step (or, for a selected event, the chosen one)."""
    n, cand = data["n_events"], data["candidates"]
    kinds = [step["kind"] for step in STEPS]
    first = next((k for k, kind in enumerate(kinds) if kind in ("candidate", "choice", "chosen")), None)
    if cand is None or first is None or not len(cand["event"]):
        return np.full(n, -1, dtype=np.int64)
    last_step = steps_passed[cand["event"]] - 1  # of each candidate's event
    rows = np.flatnonzero(last_step >= first - 1)
    history = np.stack(alive_at[first - 1 :])  # from the step before the first candidate step
    alive = np.zeros(len(cand["event"]), dtype=bool)
    alive[rows] = history[last_step[rows] - (first - 1), rows]
    return choose(data, alive)


def candidate_values(cand, chosen):
    """channel (an index into CHANNELS), m4l, m12, m34 of the chosen candidate per row (channel 0,
    i.e. "", and NaN masses where chosen is -1)."""
    ok = chosen >= 0
    columns = {"channel": np.zeros(len(chosen), dtype=np.int8)}
    columns.update({name: np.full(len(chosen), np.nan) for name in ("m4l", "m12", "m34")})
    if cand is not None and ok.any():
        ok = np.flatnonzero(ok)  # (indices: faster than the mask for several columns)
        rows = chosen[ok]
        columns["channel"][ok] = cand["channel"][rows]
        for name in ("m4l", "m12", "m34"):
            columns[name][ok] = cand[name][rows]
    return columns


def selected_events(data, chosen, passed):
    """Columns of the events passing every step, with the chosen candidate's masses."""
    rows = np.flatnonzero(passed)
    columns = {
        "runNumber": data["run"][rows],
        "eventNumber": data["event"][rows],
        "weight": data["weight"][rows],
    }
    columns.update(candidate_values(data["candidates"], chosen[rows]))
    return columns


def empty_histograms():
    return {
        name: hist.Hist.new.Reg(bins, low, high, name=column, label=label).Weight()
        for name, (column, label, bins, low, high) in HISTOGRAMS.items()
    }


def chunk_totals(summary):
    """A chunk's counts per step and its histograms: the small part of its summary (what worker
    processes send to the parent; the per-event records go to files)."""
    totals = {key: np.asarray(summary[key], dtype=np.float64) for key in TOTALS if key in summary}
    selected, totals["histograms"] = summary["selected"], empty_histograms()
    for name, histogram in totals["histograms"].items():
        values = np.asarray(selected[HISTOGRAMS[name][0]], dtype=np.float64)
        finite = np.isfinite(values)
        histogram.fill(values[finite], weight=np.asarray(selected["weight"])[finite])
    return totals


EVENTS_FILE_TYPES = {
    "runNumber": np.int64, "eventNumber": np.int64, "passed": np.int64, "channel": np.int8,
    "m4l": np.float64, "m12": np.float64, "m34": np.float64, "weight": np.float64,
}  # fmt: skip


def events_table(records):
    """The events file's layout as an Arrow table, from the columns PROGRESS_COLUMNS (numpy).
    Arrow arrays are made straight from the numpy buffers: pa.array() would import pandas."""
    import pyarrow as pa

    columns = {
        name: arrow_array(np.asarray(records[name], dtype=kind)) for name, kind in EVENTS_FILE_TYPES.items()
    }
    # channel codes as a dictionary column: no per-event strings
    names = [name.encode() for name in CHANNELS]
    offsets = np.cumsum([0] + [len(name) for name in names], dtype=np.int32)
    dictionary = pa.Array.from_buffers(
        pa.string(), len(names), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(names))]
    )
    columns["channel"] = pa.DictionaryArray.from_arrays(columns["channel"], dictionary)
    return pa.Table.from_arrays(list(columns.values()), names=list(columns))


def arrow_array(values):
    """A 1-d numeric numpy array as an Arrow array (no copy when contiguous)."""
    import pyarrow as pa

    values = np.ascontiguousarray(values)
    return pa.Array.from_buffers(pa.from_numpy_dtype(values.dtype), len(values), [None, pa.py_buffer(values)])


class Accumulator:
    """Adds chunk summaries into the result: counts and histograms in memory; the per-event records
    (progress, selected events) either kept in memory or, with `events_path`, appended to a Parquet
    file chunk by chunk, so that memory stays flat in the number of events."""

    def __init__(self, events_path=None, progress=True):
        self.n_steps, self.keep_progress = len(STEPS), progress
        self.total = {key: np.zeros(self.n_steps) for key in TOTALS}
        self.has_detail, self.chunks = True, 0
        self.histograms = empty_histograms()
        self.selected = {c: [] for c in SELECTED_COLUMNS}
        self.progress = {c: [] for c in PROGRESS_COLUMNS}
        self.events_path, self.writer, self.rows = events_path, None, 0

    def add(self, summary):
        """Add one chunk's summary: its totals, and its per-event records."""
        self.add_totals(chunk_totals(summary))
        self.add_records(summary)

    def add_totals(self, totals):
        """Add a chunk's counts and histograms (chunk_totals); chunks are added in file order."""
        self.chunks += 1
        self.has_detail = self.has_detail and "one_cut" in totals
        for key in self.total:
            if key in totals:
                self.total[key] += totals[key]
        for name, histogram in totals["histograms"].items():
            self.histograms[name] += histogram

    def add_records(self, summary):
        """Keep or write one chunk's per-event records (progress and selected events)."""
        if self.events_path is not None:
            self.write(summary)
            return
        for column, parts in self.selected.items():
            parts.append(np.asarray(summary["selected"][column]))
        if self.keep_progress:
            for column, parts in self.progress.items():
                parts.append(np.asarray(summary["progress"][column]))

    def add_part(self, part_path):
        """Add the per-event records a worker process wrote to the Parquet file `part_path`, one
        chunk (row group) at a time, then delete the part."""
        import pyarrow.parquet as pq

        part = pq.ParquetFile(part_path)
        for group in range(part.num_row_groups):
            table = part.read_row_group(group)
            if self.events_path is not None:
                self.append_table(table)
                continue
            columns = {
                name: table.column(name).to_numpy() for name in table.column_names if name != "channel"
            }
            columns["channel"] = table.column("channel").combine_chunks().indices.to_numpy()
            selected = columns["passed"] == self.n_steps  # a progress part holds every event
            for column, parts in self.selected.items():
                parts.append(columns[column][selected])
            if self.keep_progress:
                for column, parts in self.progress.items():
                    parts.append(columns[column])
        os.remove(part_path)

    def write(self, summary):
        """Append one chunk's per-event records to the Parquet events file."""
        if self.keep_progress:  # every event, with the values of its last candidate
            records = {c: np.asarray(summary["progress"][c]) for c in PROGRESS_COLUMNS}
        else:  # the selected events only
            records = {c: np.asarray(summary["selected"][c]) for c in SELECTED_COLUMNS}
            records["passed"] = np.full(len(records["runNumber"]), self.n_steps, dtype=np.int64)
        self.append_table(events_table(records))

    def append_table(self, table):
        """Append one chunk's records (a row group) to the partial events file."""
        import pyarrow.parquet as pq

        if self.writer is None:
            # dictionary encoding only where values repeat (trying it on every column costs time)
            self.writer = pq.ParquetWriter(self.partial_path(), table.schema, use_dictionary=["channel"])
        self.writer.write_table(table)
        self.rows += table.num_rows

    def finish_file(self):
        """Close the events file and give it its name (an earlier file is replaced only now)."""
        if self.writer is None:  # no events at all: an empty file of the same layout
            self.append_table(events_table({c: np.zeros(0) for c in PROGRESS_COLUMNS}))
        self.writer.close()
        os.replace(self.partial_path(), self.events_path)

    def partial_path(self):
        return f"{self.events_path}.partial"

    def abort(self):
        """After a failed run: close and delete the partial events file (an earlier file stays)."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            os.remove(self.partial_path())

    def result(self, files, duration_s=0.0):
        """The result dictionary (hep-repro-result/1)."""
        total, n_steps = self.total, self.n_steps
        cutflow = []
        for k, step in enumerate(STEPS):
            row = {
                "step": step["id"],
                "label": step["label"],
                "events": int(total["events"][k]),
                "weighted": float(total["weighted"][k]),
            }
            if self.has_detail and self.chunks:
                row["one_cut"], row["n_minus_1"] = int(total["one_cut"][k]), int(total["n_minus_1"][k])
            cutflow.append(row)
        histograms = [
            {
                "name": name,
                "label": h.axes[0].label,
                "edges": h.axes[0].edges.tolist(),
                "counts": h.values().tolist(),
                "variances": h.variances().tolist(),
            }
            for name, h in self.histograms.items()
        ]
        result = {
            "schema_version": "hep-repro-result/1",
            "producer": PRODUCER,
            "files": files,
            "steps": [s["id"] for s in STEPS],
            "cutflow": cutflow,
            "histograms": histograms,
            "not_applicable": NOT_APPLICABLE,
            "duration_s": duration_s,
            "events_processed": int(total["events"][0]) if n_steps else 0,
        }
        if self.events_path is not None:
            self.finish_file()
            result["events_file"] = {
                "path": str(self.events_path),
                "rows": self.rows,
                "progress": self.keep_progress,
            }
            return result
        joined = {c: np.concatenate(v) if v else np.array([]) for c, v in self.selected.items()}
        progress = {c: np.concatenate(v) for c, v in self.progress.items() if v}
        for columns in (joined, progress):
            if "channel" in columns:
                columns["channel"] = CHANNELS[columns["channel"].astype(np.int64)]
        result["selected"] = {c: _plain(v) for c, v in joined.items()}
        result["progress"] = {c: _plain(v) for c, v in progress.items()}
        return result


def _plain(values):
    """A column as JSON-ready Python values (NaN -> None)."""
    if values.dtype.kind == "f":
        return np.where(np.isfinite(values), values, None).tolist()
    return values.tolist()


def check_branches(tree, path):
    """Fail early, naming the file and the nearest branch names, when a needed branch is absent."""
    present = set(tree.keys())
    for branch in BRANCHES:
        if branch not in present:
            near = difflib.get_close_matches(branch, sorted(present), n=5, cutoff=0.5)
            hint = f"; nearest: {', '.join(near)}" if near else ""
            raise MissingBranchError(f"{path}: branch {branch!r} not found in tree {TREE!r}{hint}")


def open_tree(path):
    """The analysis tree of `path`, or None for an empty file; BadFileError for anything unreadable."""
    if os.path.getsize(path) == 0:
        return None
    try:
        # plain file reads: less overhead than the default fsspec source (its event loop thread)
        handle = uproot.open(path, handler=uproot.source.file.MultithreadedFileSource)
    except Exception as err:  # uproot raises several kinds for truncated or foreign files
        raise BadFileError(f"{path}: not a readable ROOT file ({type(err).__name__}: {err})") from err
    if TREE not in handle:
        trees = [k.split(";")[0] for k, c in handle.classnames().items() if c in ("TTree", "ROOT::RNTuple")]
        handle.close()
        raise BadFileError(f"{path}: no tree {TREE!r} (trees: {', '.join(trees) or 'none'})")
    return handle[TREE]


def file_sha256(path):
    """Content hash of a file, read in blocks (memory stays flat for big files)."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def use_fast_inflate():
    """Inflate ZLIB-compressed baskets with libdeflate when the `deflate` package is installed: the
    same bytes, ~3x as fast as the standard zlib on these baskets, with the GIL released meanwhile
    (the reading thread does not stall processing). uproot 5.7's own ZLIB.library = "deflate" passes
    a keyword deflate 0.9 does not take, and reading goes through a module-level decompressor that
    the documented class attribute misses: that decompressor is replaced."""
    try:
        import deflate
    except ImportError:
        return
    zlib_blocks = getattr(uproot.compression, "_decompress_ZLIB", None)
    if zlib_blocks is None or getattr(zlib_blocks, "library", None) != "zlib":
        return  # another uproot, or a library chosen by the user

    class Libdeflate(type(zlib_blocks)):
        library = "deflate"

        def decompress(self, data, uncompressed_bytes=None):
            return deflate.zlib_decompress(data, uncompressed_bytes)

    uproot.compression._decompress_ZLIB = Libdeflate()


class KeepFreedMemory:
    """While it is active, glibc's malloc keeps freed memory for reuse instead of returning it to
    the system: every chunk allocates arrays of the same sizes again, and each fresh page costs a
    page fault (measured: ~15 % of the run time). Like Dask's MALLOC_TRIM_THRESHOLD_ for its
    workers, but only for the run: afterwards the defaults are set back and the memory released.
    Does nothing where the C library is not glibc."""

    M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3  # mallopt parameters (malloc.h)
    DEFAULT = 128 * 1024  # glibc's default for all three

    def __enter__(self):
        import ctypes

        try:
            self.libc = ctypes.CDLL("libc.so.6")
            self.libc.mallopt, self.libc.malloc_trim  # noqa: B018 - glibc has both
        except (OSError, AttributeError):
            self.libc = None
            return self
        self.libc.mallopt(self.M_MMAP_THRESHOLD, 32 << 20)  # arrays below 32 MB come from the heap
        self.libc.mallopt(self.M_TRIM_THRESHOLD, 2 << 30)  # which is not trimmed after each chunk
        self.libc.mallopt(self.M_TOP_PAD, 256 << 20)  # and grows in large steps
        return self

    def __exit__(self, *exc):
        if self.libc is not None:
            for parameter in (self.M_MMAP_THRESHOLD, self.M_TRIM_THRESHOLD, self.M_TOP_PAD):
                self.libc.mallopt(parameter, self.DEFAULT)
            self.libc.malloc_trim(0)
        return False


def in_background(function, *args):
    """The Future of function(*args), run in a thread of its own."""
    from concurrent.futures import ThreadPoolExecutor

    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hep-repro")
    future = executor.submit(function, *args)
    executor.shutdown(wait=False)  # the thread ends with the task
    return future


def prefetched(chunks):
    """The items of `chunks`, each read in a background thread while the caller processes the
    previous one: decompression and numpy release the GIL, so reading and processing overlap."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hep-repro-read") as reader:
        upcoming = reader.submit(next, chunks, None)
        while (item := upcoming.result()) is not None:
            upcoming = reader.submit(next, chunks, None)
            yield item


# Chunk size: three chunks are in memory at once (one read ahead, two in processing), each taking
# ~2.5x its size while processed. Measured on two cores: 25-40 MB run ~5 % faster than 50 MB
# (fewer freshly touched pages), with ~35 % less peak memory; 15 MB is slower (per-chunk costs).
STEP_SIZE = "30 MB"
ENTRIES_PER_WORKER = 100_000  # fewer entries per worker process than this: fewer workers by default


def default_workers(entries):
    """Worker processes to use by default: one per core this process may run on when there are
    more than two (on two cores one process keeps both busy: it reads the next chunk in a thread
    while it processes one), none for small samples (a fork costs more than it saves) and none
    where processes cannot be forked."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores if cores > 2 else 1, entries // ENTRIES_PER_WORKER))


def entries_per_chunk(tree, step_size):
    """Entries per chunk: `step_size` entries, or as many as fit a memory size such as "30 MB"."""
    if isinstance(step_size, (int, np.integer)):
        return max(1, int(step_size))
    return max(1, int(tree.num_entries_for(step_size, BRANCHES)))


def file_chunks(index, entries, per_chunk, clusters=None):
    """The chunks of file `index`, (index, first entry, end entry), of about per_chunk entries.
    Without `clusters`, on a grid of per_chunk entries. With them (the entries where every branch
    read starts a new basket: uproot's common_entry_offsets), chunks start and end there: small
    clusters are merged up to per_chunk entries, a large one is cut into the number of equal parts
    nearest to its size / per_chunk (so a chunk has at most 1.5 x per_chunk entries). Then no
    basket is copied piecewise into one chunk (measured: reading ~10 % faster)."""
    if not clusters:
        return [(index, begin, min(begin + per_chunk, entries)) for begin in range(0, entries, per_chunk)]
    bounds = sorted({0, entries, *(int(c) for c in clusters if 0 < c < entries)})
    chunks, begin = [], 0  # begin: the first entry not yet in a chunk
    for start, end in itertools.pairwise(bounds):
        if end - start > per_chunk:  # a large cluster: the merged ones before it, then its parts
            if begin < start:
                chunks.append((index, begin, start))
            parts = max(1, round((end - start) / per_chunk))
            step = -(-(end - start) // parts)
            chunks += [(index, a, min(a + step, end)) for a in range(start, end, step)]
            begin = end
        elif end - begin > per_chunk:  # this cluster does not fit the merged ones: a new chunk
            chunks.append((index, begin, start))
            begin = start
    if begin < entries:
        chunks.append((index, begin, entries))
    return chunks


def worker_groups(chunks, workers):
    """The chunks (in file order) split into at most `workers` contiguous groups of about equal
    size: every number of workers processes the same chunks, and gets the same result."""
    bounds = sorted({len(chunks) * k // workers for k in range(workers + 1)})
    return [chunks[a:b] for a, b in itertools.pairwise(bounds)]


def file_runs(chunks):
    """Consecutive chunks of a file that one uproot.iterate reads (equal sizes, the last one no
    larger), merged: (file index, first entry, end entry, entries per chunk)."""
    runs = []
    for index, begin, end in chunks:
        if runs:
            last, first, stop, step = runs[-1]
            if last == index and stop == begin and (stop - first) % step == 0 and end - begin <= step:
                runs[-1] = (index, first, end, step)
                continue
        runs.append((index, begin, end, end - begin))
    return runs


def read_chunks(path, tree, per_chunk, start=None, stop=None, inflate=None):
    """The (events, report) chunks of entries [start, stop) of `tree`; whatever fails while
    reading (a damaged basket, a truncated file) is a BadFileError naming the file. `inflate`:
    uproot's decompression executor (default: the file's, inflating in the reading thread)."""
    chunks = tree.iterate(
        BRANCHES,
        entry_start=start,
        entry_stop=stop,
        step_size=per_chunk,
        report=True,
        library="ak",
        decompression_executor=inflate,
    )
    while True:
        try:
            item = next(chunks)
        except StopIteration:
            return
        except Exception as err:
            raise reading_failed(path, err) from err
        yield item


def reading_failed(path, err):
    return BadFileError(f"{path}: reading failed ({type(err).__name__}: {err})")


def read_runs(runs, sources, inflate=None, opened=None):
    """(file index, events, report) for the chunks of each run (file_runs); sources[index]: its path.
    `opened`: trees already open, by file index (each used for one run, then closed with it)."""
    opened = opened or {}
    for index, begin, end, per_chunk in runs:
        path = sources[index]
        tree = opened.pop(index, None) or open_tree(path)
        try:
            for events, report in read_chunks(path, tree, per_chunk, begin, end, inflate):
                yield index, events, report
        finally:
            tree.file.close()


def file_hashes(paths):
    return [file_sha256(path) for path in paths]


def process_chunk(path, events, entry_start, detail):
    """process() of a chunk of file `path`; a BadFileError it raises names the file."""
    try:
        return process(events, entry_start, detail=detail)
    except BadFileError as err:
        raise BadFileError(f"{path}: {err}") from err


class InflateInParallelAtFirst:
    """uproot's decompression executor for a run in one process: baskets are inflated in two
    threads until `done_starting()` (while the first chunk is read, nothing else keeps the other
    core busy), then one at a time in the reading thread (the processing threads keep both cores
    busy: measured, inflating in parallel later gains nothing)."""

    def __init__(self):
        from concurrent.futures import ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="hep-repro-inflate")

    def submit(self, task, /, *args):
        if self.pool is None:
            return task(*args)  # (uproot takes the results from its own queue, not from here)
        return self.pool.submit(task, *args)

    def done_starting(self):
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=False)  # its threads end as soon as their baskets are inflated


PROCESSING_THREADS = 2  # measured on two cores: 1.4-1.7x the processing rate of one thread


def run_in_process(chunks, sources, accumulator, detail, infos, hashes=None, opened=None):
    """Process the chunks here: a background thread reads the next chunk while PROCESSING_THREADS
    threads process the chunks read before (numpy releases the GIL in most of the work), their
    results added in file order, so the result does not depend on the number of threads. Returns
    the Future of the files' hashes (`hashes`, or computed meanwhile in another thread)."""
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    threads = PROCESSING_THREADS

    def add(index, events, summary):
        accumulator.add(summary.result())
        infos[index]["is_mc"] = infos[index]["is_mc"] or bool(np.any(is_simulated(events)))

    hashes = hashes or in_background(file_hashes, list(sources))
    inflate = InflateInParallelAtFirst()
    try:
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="hep-repro-process") as pool:
            pending = deque()  # (file index, events, Future of the summary), in file order
            for index, events, report in prefetched(read_runs(file_runs(chunks), sources, inflate, opened)):
                inflate.done_starting()  # the first chunk is in: processing keeps the cores busy now
                future = pool.submit(process_chunk, sources[index], events, report.tree_entry_start, detail)
                pending.append((index, events, future))
                if len(pending) >= threads:  # at most `threads` chunks in processing: bounded memory
                    add(*pending.popleft())
            while pending:
                add(*pending.popleft())
    finally:
        inflate.done_starting()  # (also when reading failed before the first chunk was in)
    return hashes


def work_on_chunks(chunks, sources, detail, progress, part_path, messages):
    """In a worker process: its group of chunks. Each chunk's totals go to the parent through the
    queue `messages`, its per-event records to the Parquet file `part_path`. Messages:
    ("chunk", (file index, first entry), (totals, is simulated)), ("done", part_path, None) or
    ("error", message, is a reading failure)."""
    import traceback

    try:
        records = Accumulator(part_path, progress)
        for index, events, report in read_runs(file_runs(chunks), sources):
            summary = process_chunk(sources[index], events, report.tree_entry_start, detail)
            records.add_records(summary)
            simulated = bool(np.any(is_simulated(events)))
            messages.put(("chunk", (index, report.tree_entry_start), (chunk_totals(summary), simulated)))
        records.finish_file()
        messages.put(("done", part_path, None))
    except BadFileError as err:
        messages.put(("error", str(err), True))
    except Exception as err:  # noqa: BLE001 - sent to the parent, which raises it (these classes do not pickle)
        messages.put(("error", f"{type(err).__name__}: {err}\n{traceback.format_exc()}", False))


def run_in_workers(groups, sources, accumulator, detail, infos, hashes=None):
    """Process each group of chunks in a worker process of its own. Workers are forked, so they run
    this very analysis; the parent adds their chunk totals in file order, then their per-event
    records group by group: the result is the one a single process gets. Returns the Future of the
    files' hashes (`hashes`, or computed meanwhile in a thread started after the fork)."""
    import multiprocessing
    import queue
    import shutil
    import tempfile

    import pyarrow.parquet  # noqa: F401 - imported once here rather than in every worker

    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    near = os.path.dirname(os.path.abspath(accumulator.events_path)) if accumulator.events_path else None
    folder = tempfile.mkdtemp(prefix="hep-repro-parts-", dir=near)
    parts = [os.path.join(folder, f"part{k}.parquet") for k in range(len(groups))]
    workers = [
        context.Process(
            target=work_on_chunks,
            args=(group, sources, detail, accumulator.keep_progress, part, messages),
            daemon=True,
        )
        for group, part in zip(groups, parts, strict=True)
    ]
    order = [(index, begin) for group in groups for index, begin, _ in group]  # file order
    try:
        for worker in workers:
            worker.start()
        hashes = hashes or in_background(file_hashes, list(sources))
        waiting, added = {}, 0  # chunk totals that arrived before earlier chunks' totals
        finished, appended = set(), 0  # parts written; parts added to the records, in order
        while appended < len(parts):
            try:
                kind, key, payload = messages.get(timeout=1.0)
            except queue.Empty:
                dead = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(f"a worker process ended with exit code {dead[0]}") from None
                continue
            if kind == "error":
                raise BadFileError(key) if payload else RuntimeError(f"a worker process failed: {key}")
            if kind == "done":  # add its part as soon as the parts before it are added
                finished.add(key)
                while appended < len(parts) and parts[appended] in finished:
                    accumulator.add_part(parts[appended])
                    appended += 1
                continue
            waiting[key] = payload
            while added < len(order) and order[added] in waiting:
                totals, simulated = waiting.pop(order[added])
                accumulator.add_totals(totals)
                infos[order[added][0]]["is_mc"] = infos[order[added][0]]["is_mc"] or simulated
                added += 1
        for worker in workers:
            worker.join()
        return hashes
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
                worker.join()
        shutil.rmtree(folder, ignore_errors=True)


def process_files(files, step_size, detail, workers, accumulator, infos, hashes=None):
    """Plan the chunks of every file, then process them here or in worker processes. Appends each
    file's description to `infos`; returns the Future of the files' hashes."""
    sources, chunks = [], []  # the paths by file index; (file index, first, end entry)
    opened = {}  # the first file's tree, read from as it is (one open file at a time otherwise)
    try:
        for index, path in enumerate(str(f) for f in files):
            infos.append({"path": path, "schema_name": SCHEMA, "entries": 0, "is_mc": False})
            tree = open_tree(path)
            if tree is not None:
                opened[index] = tree
            entries = 0 if tree is None else int(tree.num_entries)
            per_chunk, clusters = 1, None
            if entries:
                check_branches(tree, path)
                try:
                    per_chunk = entries_per_chunk(tree, step_size)  # reads the baskets' sizes
                    clusters = tree.common_entry_offsets(filter_name=BRANCHES)
                except Exception as err:
                    raise reading_failed(path, err) from err
            infos[index]["entries"] = entries
            if tree is not None and not (index == 0 and entries):
                opened.pop(index).file.close()
            sources.append(path)
            chunks += file_chunks(index, entries, per_chunk, clusters)
    except BaseException:  # a file that cannot be planned: close what is open
        for tree in opened.values():
            tree.file.close()
        raise
    if workers is None:
        workers = default_workers(sum(info["entries"] for info in infos))
    groups = worker_groups(chunks, max(1, int(workers)))
    if len(groups) > 1:
        for tree in opened.values():  # the workers open their own (no reading threads across a fork)
            tree.file.close()
        return run_in_workers(groups, sources, accumulator, detail, infos, hashes)
    return run_in_process(chunks, sources, accumulator, detail, infos, hashes, opened)


def run(files, step_size=STEP_SIZE, detail=True, progress=True, events_path=None, workers=None, hashes=None):
    """Stream the files chunk by chunk and return the result dictionary. With `events_path`, the
    per-event records go to that Parquet file as they are made (memory flat in the sample size).
    The chunks are shared among `workers` processes (default: see default_workers); the result does
    not depend on their number. `hashes`: the Future of the files' SHA-256 digests when the caller
    has started computing them (else computed here, during the run)."""
    import time

    start = time.perf_counter()
    use_fast_inflate()
    accumulator, infos = Accumulator(events_path, progress), []
    try:
        with KeepFreedMemory():
            hashes = process_files(files, step_size, detail, workers, accumulator, infos, hashes)
    except BaseException:
        accumulator.abort()
        raise
    for info, sha256 in zip(infos, hashes.result(), strict=True):
        info["sha256"] = sha256
    return accumulator.result(infos, time.perf_counter() - start)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="ROOT files with tree " + TREE)
    parser.add_argument("-o", "--output", default="result.json", help="where to write the result JSON")
    parser.add_argument("--step-size", default=STEP_SIZE, help="chunk size for uproot.iterate")
    parser.add_argument(
        "--workers",
        type=int,
        help="processes sharing the chunks (default: one per core on more than two cores)",
    )
    args = parser.parse_args(argv)
    events_path = os.path.splitext(args.output)[0] + ".events.parquet"  # beside the JSON
    step_size = int(args.step_size) if args.step_size.isdigit() else args.step_size
    result = run(args.files, step_size=step_size, events_path=events_path, workers=args.workers)
    result["events_file"]["path"] = os.path.basename(events_path)  # relative to the JSON's folder
    with open(args.output, "w") as handle:
        json.dump(result, handle, indent=1)
    width = max(len(row["step"]) for row in result["cutflow"])
    for row in result["cutflow"]:
        print(f"{row['step']:<{width}}  {row['events']:>9}  {row['weighted']:>12.4g}")
    print(f"selected {result['cutflow'][-1]['events']} events -> {args.output}, {events_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

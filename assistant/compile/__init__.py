"""Selection × Schema → a readable, standalone analysis (uproot + awkward + vector + numpy + hist).

    compiled = compile_selection(selection, "atlas-2025e")   # or "my-schema.json" (a user's schema file)
    compiled.code            # the analysis file: process(events) per chunk, run(files) over files
    compiled.steps           # cutflow step ids: "initial", then the compiled cut ids in order
    compiled.not_applicable  # [NotApplicable(cut, reason)] for cuts the schema cannot express
    result = compiled.run(files)  # in-process, for trusted compiled code only

Every cut either becomes a step with a comment quoting its evidence, or a not-applicable entry
with the reason: never silently dropped. Cut values are numbers of the validated Selection;
nothing from a document is evaluated.

Modules: `plan` (cut -> step kind and mask expression, or the reason it cannot be compiled),
`codegen` (the generated, selection-specific head of the file), `runtime` (the engine copied
into every analysis: reading in chunks, four-lepton candidates = every SFOS splitting of four
leptons with Z1 closest to mZ, two-object pairs for dilepton/diphoton blocks, the cutflow with
one-cut and N-1 counts, candidate choice, result merging). Building blocks beyond per-object
cuts: quadruplet (sfos_pairs, ranked pT, mass, charge), z1/z2 mass (with an m4l-dependent
threshold), lepton_pair dR/mass by flavour, sfos_pair mass (alternative pairing included),
dilepton/diphoton (mass, ranked pT, pT/m, dR, charge, flavour), and candidate choice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.compile.codegen import generate, sanitize
from assistant.compile.plan import Plan, plan_selection
from assistant.result import AnalysisResult, NotApplicable
from assistant.selection import Selection
from corpus.schema import Schema, load

__all__ = ["STEP_SIZE", "CompileError", "CompiledAnalysis", "compile_selection", "sanitize"]

STEP_SIZE = "30 MB"  # default chunk size of a run: the engine's STEP_SIZE (see runtime.py)


class CompileError(ValueError):
    """The selection cannot be compiled at all (no step survives, unknown schema, …)."""


@dataclass
class CompiledAnalysis:
    code: str
    steps: list[str]
    not_applicable: list[NotApplicable]
    schema: str
    branches: list[str]
    labels: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    plan: Plan | None = field(default=None, repr=False)

    def namespace(self) -> dict[str, Any]:
        """Execute the code in a fresh namespace (trusted compiled code only) and return it."""
        namespace: dict[str, Any] = {"__name__": "hep_repro_analysis"}
        exec(compile(self.code, f"<compiled {self.schema}>", "exec"), namespace)  # noqa: S102 - our own generated code
        return namespace

    def run(
        self, files: list[str | Path], step_size: str | int = STEP_SIZE, detail: bool = True
    ) -> AnalysisResult:
        result = self.namespace()["run"]([str(f) for f in files], step_size=step_size, detail=detail)
        return AnalysisResult.model_validate(result)

    def write(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.code)
        return path

    @classmethod
    def from_code(cls, code: str) -> CompiledAnalysis:
        """Read back the description of compiled code from its literal constants (SCHEMA, STEPS,
        NOT_APPLICABLE, BRANCHES); nothing is executed. CompileError if the code is not ours."""
        import ast

        constants: dict[str, Any] = {}
        try:
            for node in ast.parse(code).body:
                if not isinstance(node, ast.Assign):
                    continue
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                if len(names) == 1 and names[0] in ("SCHEMA", "STEPS", "NOT_APPLICABLE", "BRANCHES"):
                    constants[names[0]] = ast.literal_eval(node.value)
        except (SyntaxError, ValueError) as err:
            raise CompileError(f"not a compiled hep-repro analysis: {err}") from err
        missing = {"SCHEMA", "STEPS", "NOT_APPLICABLE", "BRANCHES"} - set(constants)
        if missing or "\n# --- engine ---\n" not in code:
            raise CompileError(
                f"not a compiled hep-repro analysis (no {', '.join(sorted(missing)) or 'engine'})"
            )
        return cls(
            code=code,
            steps=[step["id"] for step in constants["STEPS"]],
            not_applicable=[NotApplicable(**na) for na in constants["NOT_APPLICABLE"]],
            schema=constants["SCHEMA"],
            branches=list(constants["BRANCHES"]),
            labels={step["id"]: step.get("label", "") for step in constants["STEPS"]},
        )


def compile_selection(
    selection: Selection,
    schema: Schema | str | Path,
    *,
    branches: list[str] | None = None,
    source: str = "the file",
) -> CompiledAnalysis:
    """Compile `selection` for `schema` (a Schema, a known schema name or a schema .json file). With
    `branches` (those a real file has), cuts needing absent branches become not-applicable, naming `source`."""
    if isinstance(schema, str | Path):
        schema = load(schema)
    if branches is not None:
        schema = schema.restricted_to(branches, source)
    plan = plan_selection(selection, schema)
    if len(plan.steps) == 1 and selection.cuts:
        reasons = "; ".join(f"{c}: {r}" for c, r in plan.not_applicable)
        raise CompileError(f"no cut of the selection can be compiled for {schema.name}: {reasons}")
    code, branches = generate(selection, schema, plan)
    return CompiledAnalysis(
        code=code,
        steps=[s.id for s in plan.steps],
        not_applicable=[NotApplicable(cut=c, reason=r) for c, r in plan.not_applicable],
        schema=schema.name,
        branches=branches,
        labels={s.id: s.label for s in plan.steps},
        notes=plan.notes,
        plan=plan,
    )

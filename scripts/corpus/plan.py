"""Which forms go into the corpus, in which font, grouped into which documents (pure logic).

Everything here is decided by one `random.Random` seeded from --seed, in the main process,
before any work is handed to the process pool: the plan, and therefore the corpus, does not
depend on the number of workers.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from scripts.corpus.truth import TruthForm
from scripts.render import pdf_plan as _render_pdf_plan
from scripts.render import plan as _render_layout

DocumentKind = Literal["single", "continuation", "multi_form"]
FONTS = ("sans", "serif")
DEPARTMENT_SHARE = 0.12  # of the forms; the seeds have no department forms at all
MULTI_FORM_SHARE = 0.25  # chance that a document starts a run of several forms


@dataclass(frozen=True)
class PlannedForm:
    id: str  # the truth file's stem
    origin: str
    record: dict[str, Any]
    font: str
    layout: str
    n_pages: int
    # a variant layout: the drawn VariantSpec (scripts/render/variants.py) and the pool record
    # it draws; `record` is then the truth the reader should give for that layout
    variant: dict[str, Any] | None = None
    variant_source: dict[str, Any] | None = None


@dataclass(frozen=True)
class PlannedDocument:
    id: str
    kind: DocumentKind
    forms: tuple[PlannedForm, ...]


def layout_of(record: dict[str, Any]) -> str:
    return str(_render_layout.choose_layout(record))


def page_count(record: dict[str, Any], font: str) -> int:
    """Pages the renderer will need (measured, not drawn)."""
    plan = _render_pdf_plan.plan_form(_render_layout.build_table(record), font)
    return len(plan.slices)


def _plan_form(form: TruthForm, font: str, repeat: int) -> PlannedForm:
    record = dict(form.record)
    form_id = form.id if repeat == 0 else f"{form.id}-r{repeat + 1}"
    pages = page_count(record, font)
    return PlannedForm(form_id, form.origin, record, font, layout_of(record), pages)


def _take(
    rng: random.Random,
    forms: Sequence[TruthForm],
    count: int,
    wanted: Sequence[Callable[[PlannedForm], bool]] = (),
) -> list[PlannedForm]:
    """`count` forms in random order, the first ones chosen to satisfy `wanted` in turn.

    When `count` exceeds the pool, forms come round again in the other font (a new
    rendering of the same truth, with its own id).
    """
    if not forms or count <= 0:
        return []
    order = list(forms)
    rng.shuffle(order)
    fonts = {form.id: rng.choice(FONTS) for form in order}
    candidates = [_plan_form(form, fonts[form.id], 0) for form in order]
    chosen: list[PlannedForm] = []
    for predicate in wanted:
        if len(chosen) < count and not any(predicate(p) for p in chosen):
            match = next((p for p in candidates if predicate(p) and p not in chosen), None)
            if match is not None:
                chosen.append(match)
    chosen += [p for p in candidates if p not in chosen][: count - len(chosen)]
    repeat = 1
    while len(chosen) < count:
        for form in order[: count - len(chosen)]:
            other = FONTS[(FONTS.index(fonts[form.id]) + repeat) % len(FONTS)]
            chosen.append(_plan_form(form, other, repeat))
        repeat += 1
    return chosen


def _long(form: PlannedForm) -> bool:
    return form.n_pages > 1


def select_forms(
    pool: Sequence[TruthForm], departments: Sequence[TruthForm], count: int, rng: random.Random
) -> list[PlannedForm]:
    """`count` forms covering every layout, a continued table and both fonts where possible."""
    projects = [form for form in pool if form.form_type == "project"]
    department_pool = [form for form in pool if form.form_type == "department"]
    department_pool += departments
    n_departments = min(len(department_pool), max(1, round(count * DEPARTMENT_SHARE)))
    if count < 2:
        n_departments = 0
    wanted: list[Callable[[PlannedForm], bool]] = [
        _long,
        lambda p: p.layout == "project_annual",
        lambda p: p.layout == "project_medium_annual",
        lambda p: p.font == "serif",
        lambda p: p.font == "sans",
    ]
    chosen = _take(rng, projects, count - n_departments, wanted)
    chosen += _take(rng, department_pool, n_departments)
    rng.shuffle(chosen)
    return chosen


def plan_documents(forms: Sequence[PlannedForm], rng: random.Random) -> list[PlannedDocument]:
    """Group forms into documents; every form is in exactly one document.

    A form whose table continues on a second page gets a document of its own first (so a
    "continuation" document exists whenever such a form was chosen); with four forms or more
    one multi-form document is guaranteed.
    """
    remaining = list(forms)
    groups: list[tuple[DocumentKind, list[PlannedForm]]] = []
    first_long = next((form for form in remaining if _long(form)), None)
    if first_long is not None:
        remaining.remove(first_long)
        groups.append(("continuation", [first_long]))
    if len(forms) >= 4 and len(remaining) >= 2:
        size = min(len(remaining), rng.randint(2, 3))
        groups.append(("multi_form", remaining[:size]))
        remaining = remaining[size:]
    while remaining:
        if len(remaining) >= 2 and rng.random() < MULTI_FORM_SHARE:
            size = min(len(remaining), rng.randint(2, 4))
            groups.append(("multi_form", remaining[:size]))
            remaining = remaining[size:]
        else:
            form = remaining.pop(0)
            groups.append(("continuation" if _long(form) else "single", [form]))
    rng.shuffle(groups)
    return [
        PlannedDocument(f"{number:03d}-{kind.replace('_', '-')}", kind, tuple(group))
        for number, (kind, group) in enumerate(groups, start=1)
    ]

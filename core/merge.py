"""Three-way merge of admin form submissions: a draft, the version it was taken from (base), the live page now.

Each field takes the draft's value only where the draft changed it; live edits to other fields
survive. Inline rows are matched by their primary key, never by position: a row added live since
the draft was taken is kept, a row deleted live stays deleted unless the draft changed it. Where
the draft and the live page changed the same field (or one deleted a row the other changed), the
result is a Conflict, settled by the editor's choice ("live" or "draft") for that key.
"""

import re
from dataclasses import dataclass, field

from .formdata import Submission

MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


@dataclass
class Conflict:
    """One field (or row) changed both in the draft and on the live page since the draft was taken."""

    key: str  # "tagline", or "outcomes:12:text" for a row's field, or "outcomes:12" for a whole row
    base: list[str]
    live: list[str]
    draft: list[str]


@dataclass
class Merged:
    data: Submission
    conflicts: list[Conflict] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)  # lists the draft changes that this user may not change


def changed_lists(*, base: Submission, draft: Submission, allowed: set[str]) -> list[str]:
    """The inline lists (formset prefixes) outside `allowed` whose rows the draft changed against its base."""
    prefixes = {key.removesuffix("-TOTAL_FORMS") for key in draft if key.endswith("-TOTAL_FORMS")} - allowed
    return sorted(
        prefix
        for prefix in prefixes
        if any(
            _norm(base.get(k)) != _norm(draft.get(k))
            for k in set(base) | set(draft)
            if k.startswith(f"{prefix}-") and not k.endswith(("-MIN_NUM_FORMS", "-MAX_NUM_FORMS"))
        )
    )


def _norm(values: list[str] | None) -> list[str]:
    """Values as compared: browsers send CRLF newlines, and forms strip surrounding spaces."""
    return [v.replace("\r\n", "\n").strip() for v in values or []]


def _split(data: Submission, prefixes: dict[str, str]):
    """(page fields, {prefix: {row key: {suffix: values}}}, {prefix: management values})."""
    main: Submission = dict(data)
    rows: dict[str, dict] = {p: {} for p in prefixes}
    management: dict[str, Submission] = {p: {} for p in prefixes}
    for prefix, pk_name in prefixes.items():
        pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)-(.+)$")
        by_index: dict[int, Submission] = {}
        for key in list(main):
            if key in {f"{prefix}-{m}" for m in MANAGEMENT}:
                management[prefix][key.rsplit("-", 1)[1]] = main.pop(key)
            elif match := pattern.match(key):
                by_index.setdefault(int(match[1]), {})[match[2]] = main.pop(key)
        for index in sorted(by_index):
            row = by_index[index]
            pk = (row.get(pk_name) or [""])[0]
            rows[prefix][pk if pk else f"new-{index}"] = row
    return main, rows, management


def _changed(a: Submission | None, b: Submission | None, skip: set[str]) -> bool:
    keys = (set(a or {}) | set(b or {})) - skip
    return any(_norm((a or {}).get(k)) != _norm((b or {}).get(k)) for k in keys)


class _Merge:
    def __init__(self, choices: dict[str, str]):
        self.choices = choices
        self.conflicts: list[Conflict] = []

    def pick(self, key: str, base, live, draft):
        """The merged values of one field, or the live ones while a conflict awaits a choice."""
        b, lv, d = _norm(base), _norm(live), _norm(draft)
        if d == b:
            return live
        if lv in (b, d):
            return draft
        choice = self.choices.get(key)
        if choice in ("live", "draft"):
            return draft if choice == "draft" else live
        self.conflicts.append(Conflict(key, list(base or []), list(live or []), list(draft or [])))
        return live

    def fields(self, keyprefix: str, base, live, draft) -> Submission:
        merged = {}
        for key in sorted(set(base) | set(live) | set(draft)):
            values = self.pick(f"{keyprefix}{key}", base.get(key), live.get(key), draft.get(key))
            if values:
                merged[key] = values
        return merged

    def row(self, prefix: str, pk: str, fixed: set[str], base, live, draft):
        """A row's merged fields, or None when it is to be left out (deleted on the live page)."""
        key = f"{prefix}:{pk}"
        deletes = _norm(draft.get("DELETE")) == ["on"] if draft else False
        if live is None:  # deleted on the live page since the draft was taken
            if base is None or deletes or not _changed(base, draft, {"DELETE"}):
                return None
            if self.choices.get(key) == "draft":
                return {k: v for k, v in draft.items() if k not in fixed | {"DELETE"}}  # re-created as new
            if self.choices.get(key) != "live":
                self.conflicts.append(Conflict(key, ["(row)"], ["(deleted)"], ["(changed)"]))
            return None
        if deletes and base is not None and _changed(base, live, {"DELETE"}):
            if self.choices.get(key) not in ("live", "draft"):
                self.conflicts.append(Conflict(key, ["(row)"], ["(changed)"], ["(deleted)"]))
                return live
            return live if self.choices[key] == "live" else {**live, "DELETE": ["on"]}
        merged = self.fields(f"{key}:", base or live, live, draft)
        for name in fixed:  # the row's key and its parent: always the live ones
            if name in live:
                merged[name] = live[name]
        return merged


def merge_submissions(
    *, base: Submission, live: Submission, draft: Submission, prefixes: dict[str, str], choices: dict[str, str]
) -> Merged:
    """The submission that applies the draft's own changes to the live page; `prefixes` maps formset → pk name."""
    merge = _Merge(choices)
    base_main, base_rows, _ = _split(base, prefixes)
    live_main, live_rows, live_management = _split(live, prefixes)
    draft_main, draft_rows, _ = _split(draft, prefixes)
    data = merge.fields("", base_main, live_main, draft_main)
    for prefix, pk_name in prefixes.items():
        fixed = {pk_name} | {k for r in live_rows[prefix].values() for k in r if k.endswith("_ptr")}
        existing, new = [], []
        order = list(draft_rows[prefix]) + [pk for pk in live_rows[prefix] if pk not in draft_rows[prefix]]
        for pk in order:
            live_row, draft_row = live_rows[prefix].get(pk), draft_rows[prefix].get(pk)
            if pk.startswith("new-"):
                new.append(draft_row)
            elif draft_row is None:
                existing.append(live_row)  # added on the live page since the draft was taken
            else:
                row = merge.row(prefix, pk, fixed, base_rows[prefix].get(pk), live_row, draft_row)
                if row is not None:
                    (existing if pk_name in row else new).append(row)
        for index, row in enumerate(existing + new):
            data.update({f"{prefix}-{index}-{k}": v for k, v in row.items()})
        management = {**live_management[prefix]}
        management["TOTAL_FORMS"], management["INITIAL_FORMS"] = [str(len(existing) + len(new))], [str(len(existing))]
        data.update({f"{prefix}-{k}": v for k, v in management.items()})
    return Merged(data=data, conflicts=merge.conflicts)

"""States to export for every kind (defaults, each preset, each action, a click) and data.json's numbers by column.

``columns`` reads data.json as the documented CSV layout does (activities/web/numbers_csv.py): a scalar
is a fact named by its path; a list is a column, a list of pairs or of dicts one column per position
or key; bin ``edges`` (one more than the counts beside them) are a left and a right column.
"""

from urllib.parse import parse_qsl, urlsplit

from activities.engine import params as param_specs
from activities.kinds import REGISTRY
from activities.web.state import canonical_query

# A click near the middle of the figure, in image pixels (scale 1).
CLICK = {"click.x": "300", "click.y": "180"}
# States the presets do not reach: a descent whose loss runs away ("diverging") and one that stops short.
EXTRA = {
    "gradient-descent": ["loss=bowl&optimizer=gd&lr=1.05&steps=50", "loss=bowl&optimizer=momentum&lr=0.9&steps=40"],
}


def state_names(slug: str) -> list[str]:
    kind = REGISTRY[slug]
    names = ["defaults", *(f"preset:{p.slug}" for p in kind.presets), *(f"do:{a.value}" for a in kind.actions)]
    if kind.limits(param_specs.parse(kind.params, {})) is not None:
        names.append("click")
    return names + [f"query:{query}" for query in EXTRA.get(slug, [])]


ALL_STATES = [(slug, name) for slug in REGISTRY for name in state_names(slug)]


def state_query(client, slug: str, name: str) -> str:
    """The canonical query of a named state; an action or click as a visitor without JavaScript sends it."""
    kind = REGISTRY[slug]
    defaults = param_specs.parse(kind.params, {})
    if name == "defaults":
        return canonical_query(kind, defaults)
    if name.startswith("preset:"):
        preset = next(p for p in kind.presets if p.slug == name.removeprefix("preset:"))
        return canonical_query(kind, {**defaults, **preset.values})
    if name.startswith("query:"):
        return canonical_query(kind, param_specs.parse(kind.params, dict(parse_qsl(name.removeprefix("query:")))))
    sent = {"do": name.removeprefix("do:")} if name.startswith("do:") else CLICK
    response = client.get(f"/activities/{slug}/?{canonical_query(kind, defaults)}", sent)
    assert response.status_code == 302, response.content[:300]
    return urlsplit(response["Location"]).query


def columns(data: dict) -> tuple[dict, dict]:
    """data.json as (facts {name: value}, columns {name: [values]})."""
    facts: dict = {}
    cols: dict = {}

    def walk(value, key: str) -> None:
        if isinstance(value, dict):
            lists = {k: v for k, v in value.items() if isinstance(v, list)}
            for name, item in value.items():
                path = f"{key}.{name}" if key else name
                others = [len(v) for k, v in lists.items() if k != name]
                if name == "edges" and others and len(item) == min(others) + 1:
                    cols[f"{path}.left"], cols[f"{path}.right"] = item[:-1], item[1:]
                else:
                    walk(item, path)
        elif isinstance(value, list):
            first = value[0] if value else None
            if isinstance(first, list):
                for i in range(len(first)):
                    cols[f"{key}.{i}"] = [row[i] for row in value]
            elif isinstance(first, dict):
                for name in first:
                    cols[f"{key}.{name}"] = [row[name] for row in value]
            else:
                cols[key] = value
        else:
            facts[key] = value

    walk(data, "")
    return facts, cols

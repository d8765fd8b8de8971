"""The quality gates' tools: axe-core in a page, the Nu HTML Checker over saved pages, and one failure
message grouped by page."""

import json
import re
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# resultTypes: details for violations only, which makes axe several times faster on long pages.
AXE_OPTIONS = {
    "runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    "resultTypes": ["violations"],
}
# Each axe violation lists at most this many of its elements, to keep a failure readable.
NODES_SHOWN = 5
# htmx's attributes are written as data-hx-*, which HTML allows; bare hx-* would be errors, and
# only those messages are filtered, should any page still use them.
HX_ATTRIBUTE = re.compile(r"“hx-[a-z-]+”")


def axe_violations(page, axe_js: Path) -> list[str]:
    """axe-core's violations on the page as it is now, one line per rule and element."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe_js))
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    lines = []
    for violation in results["violations"]:
        for node in violation["nodes"][:NODES_SHOWN]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} :: "
                f"{' '.join(map(str, node['target']))} :: {node['html'][:160]} :: {summary}"
            )
        if len(violation["nodes"]) > NODES_SHOWN:
            lines.append(f"{violation['id']}: … and {len(violation['nodes']) - NODES_SHOWN} more elements")
    return lines


def fail_on(problems: dict[str, list[str]], title: str) -> None:
    """Fail the test with the problems grouped by page, if there are any."""
    text = "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in problems.items() if lines)
    if text:
        pytest.fail(f"{title}:\n{text}", pytrace=False)


def fetch(url: str) -> tuple[int, str]:
    """GET `url` as served (raw HTML, not the DOM), returning the status and body."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def html_errors(vnu_command: list[str], pages: dict[str, str]) -> dict[str, list[str]]:
    """The Nu HTML Checker's errors in each page (path → its HTML), by path: one Java start for every page,
    since the checker takes a second or two to warm up."""
    problems: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="vnu-") as tmp:
        files = {}
        for index, (path, html) in enumerate(pages.items()):
            file = Path(tmp) / f"page{index}.html"
            file.write_text(html, encoding="utf-8")
            files[str(file.resolve())] = path
        result = subprocess.run(
            [*vnu_command, "--format", "json", "--stdout", "--exit-zero-always", *files],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, f"vnu failed to run: {result.stderr}"
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] not in {"error", "non-document-error"} or HX_ATTRIBUTE.search(message["message"]):
            continue
        # vnu names each document by a file: URL (file:/tmp/…); map it back to the page's path.
        where = files.get(urlsplit(message.get("url", "")).path, message.get("url", "?"))
        extract = " ".join(message.get("extract", "").split())[:160]
        problems.setdefault(where, []).append(f"line {message.get('lastLine', '?')}: {message['message']} :: {extract}")
    return problems

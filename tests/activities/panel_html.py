"""A panel's HTML read as a browser reads it: its controls and what they show, elements by id, its figure."""

from html.parser import HTMLParser

VOID = {"input", "img", "br", "hr", "meta", "link", "source", "wbr", "col", "area", "base", "embed", "track"}


class Panel(HTMLParser):
    """Every element with an id (attributes and text), each form control by name, and the figure's src."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.by_id: dict[str, dict] = {}
        self.controls: dict[str, dict] = {}  # name -> attributes, plus "shown": the value it shows
        self.texts: dict[str, str] = {}  # id -> the text inside that element
        self.plot_src = ""
        self.id = ""  # the panel's own id (its <section>)
        self.numbers: list[str] = []  # the key numbers beside the figure (each <dd>)
        self._dd: str | None = None
        self._stack: list[tuple[str, str | None]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {key: ("" if value is None else value) for key, value in attrs}
        if "id" in a:
            self.by_id[a["id"]] = {"tag": tag, **a}
            self.texts[a["id"]] = ""
        if tag not in VOID:
            self._stack.append((tag, a.get("id")))
        if tag == "section" and not self.id and "activity" in a.get("class", "").split():
            self.id = a.get("id", "")
        if tag == "img" and "activity__plot" in a.get("class", ""):
            self.plot_src = a["src"]
        if tag == "input" and a.get("name") and a.get("type") not in {"submit", "image"}:
            self.controls[a["name"]] = {**a, "shown": a.get("value", "")}
        elif tag == "select" and a.get("name"):
            self._select = a.get("name")
            self.controls[self._select] = {**a, "shown": ""}
        elif tag == "option" and self._select and "selected" in a:
            self.controls[self._select]["shown"] = a.get("value", "")
        elif tag == "dd":
            self._dd = ""
        elif tag == "textarea" and a.get("name"):  # the embed code is a textarea with no name
            self._textarea = a.get("name")
            self.controls[self._textarea] = {**a, "shown": ""}

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None
        if tag == "dd" and self._dd is not None:
            self.numbers.append(" ".join(self._dd.split()))
            self._dd = None
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data):
        for _, element_id in self._stack:
            if element_id:
                self.texts[element_id] += data
        if self._textarea:
            self.controls[self._textarea]["shown"] += data
        if self._dd is not None:
            self._dd += data

    def element(self, suffix: str) -> dict:
        """The panel's own element whose id is the panel's id followed by ``suffix`` (such as "-reset")."""
        return self.by_id[self.id + suffix]

    def text_of(self, element_id: str) -> str:
        return " ".join(self.texts.get(element_id, "").split())

"""What a report says, read back from each format the way its reader sees it.

:func:`facts` turns the bytes of one report (HTML, Markdown, DOCX or PDF) into a
:class:`Facts`: the section headings in order and, per section, the number of rows of each
table or list (a table, a bulleted or numbered list: what a reader counts), the names of
the labelled facts (``Client``, ``Frequency``...) and every figure (each number in the text,
diagrams and charts left out: they are pictures in DOCX and PDF). The parity test compares
these across formats, so a format that leaves out a section, a row or a figure is caught.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: A number as a reader sees one: 12, +1, −2, 62.05, 62,05, 1.500.000, 75%. A sign only when
#: it is not a hyphen inside a word (``kube-melati-2025`` holds 2025, not −2025).
FIGURE = re.compile(r"(?<![\w.,+\-−])[+\-−]?\d+(?:[.,]\d+)*%?")


def figures(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for m in FIGURE.finditer(text):
        out[m.group(0).replace("−", "-").rstrip(".,")] += 1
    return out


@dataclass
class Section:
    name: str
    blocks: list[int] = field(default_factory=list)  # rows of each table / items of each list, in order
    keys: list[str] = field(default_factory=list)  # labelled facts
    figures: Counter[str] = field(default_factory=Counter)


@dataclass
class Facts:
    sections: list[Section] = field(default_factory=list)
    text: str = ""  # everything readable, for the PDF check

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.sections]

    def section(self, name: str) -> Section:
        return next(s for s in self.sections if s.name == name)

    def start(self, name: str) -> None:
        self.sections.append(Section(re.sub(r"^\d+\.\s*", "", name.strip())))

    @property
    def cur(self) -> Section:
        if not self.sections:
            self.sections.append(Section(""))
        return self.sections[-1]


# --------------------------------------------------------------------------- HTML


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.f = Facts()
        self.skip = 0  # inside <svg>, <style>, <title>, <h1>, <head>
        self.heading: list[str] | None = None
        self.rows: list[int] = []  # open tables
        self.in_head = 0
        self.items: list[int] = []  # open lists
        self.dt: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("svg", "style", "title", "h1", "head", "script"):
            self.skip += 1
        elif self.skip:
            return
        elif tag == "h2":
            self.heading = []
        elif tag == "table":
            self.rows.append(0)
        elif tag == "thead":
            self.in_head += 1
        elif tag == "tr" and self.rows and not self.in_head:
            self.rows[-1] += 1
        elif tag in ("ul", "ol") and not self.rows:
            self.items.append(0)
        elif tag == "li" and self.items:
            self.items[-1] += 1
        elif tag == "dt":
            self.dt = []
        elif tag in ("td", "th", "dd", "li", "p", "br", "div"):
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("svg", "style", "title", "h1", "head", "script"):
            self.skip -= 1
        elif self.skip:
            return
        elif tag == "h2" and self.heading is not None:
            self.f.start("".join(self.heading))
            self.heading = None
        elif tag == "table" and self.rows:
            self.f.cur.blocks.append(self.rows.pop())
        elif tag == "thead":
            self.in_head -= 1
        elif tag in ("ul", "ol") and self.items and not self.rows:
            self.f.cur.blocks.append(self.items.pop())
        elif tag == "dt" and self.dt is not None:
            self.f.cur.keys.append("".join(self.dt).strip())
            self.dt = None
        self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.heading is not None:
            self.heading.append(data)
            return
        if self.dt is not None:
            self.dt.append(data)
        self.text.append(data)
        self.f.cur.figures.update(figures(data))


def html_facts(html: str) -> Facts:
    p = _Html()
    p.feed(html)
    p.f.text = "".join(p.text)
    return p.f


# --------------------------------------------------------------------------- Markdown

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")


def _picture_note(line: str) -> bool:
    """A Markdown report to stdout says, in place of each picture, how to get it: a picture, not text."""
    from intervensi.report import md_escape
    from intervensi.report.labels import LABELS

    return any(md_escape(v) in line for v in LABELS["picture_elsewhere"].values())


def _md_plain(line: str) -> str:
    if _picture_note(line):
        return ""
    line = _IMAGE.sub(" ", line)
    line = re.sub(r"\\(.)", r"\1", line)
    return line.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("**", "").replace("`", "")


def md_facts(md: str) -> Facts:
    f = Facts()
    lines = md.splitlines()
    i = 0
    list_items = 0

    def end_list() -> None:
        nonlocal list_items
        if list_items:
            f.cur.blocks.append(list_items)
            list_items = 0

    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            end_list()
            f.start(_md_plain(line[3:]))
            i += 1
            continue
        if line.startswith("# "):
            i += 1
            continue
        if line.startswith("|"):
            end_list()
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append(lines[i])
                i += 1
            cells = [[_md_plain(c).strip() for c in re.split(r"(?<!\\)\|", r.strip())[1:-1]] for r in block]
            body = cells[2:]
            if all(not c for c in cells[0]):  # a headless two-column table: labelled facts
                f.cur.keys.extend(r[0] for r in body)
                for r in body:
                    f.cur.figures.update(figures(" ".join(r[1:])))
            else:
                f.cur.blocks.append(len(body))
                for r in body:
                    f.cur.figures.update(figures(" ".join(r)))
            continue
        m = re.match(r"^(?:[-*]|\d+\.)\s+(.*)$", line)
        if m:
            list_items += 1
            f.cur.figures.update(figures(_md_plain(m.group(1))))
        elif line.strip():
            end_list()
            plain = _md_plain(line)
            km = re.match(r"^\*\*(.+?):\*\*", line)
            if km and not line.startswith("> "):
                f.cur.keys.append(_md_plain(km.group(1)).strip())
                plain = _md_plain(line[km.end():])
            if not line.startswith("### "):
                f.cur.figures.update(figures(plain))
            else:
                f.cur.figures.update(figures(plain[4:]))
        i += 1
    end_list()
    f.text = _md_plain(md)
    return f


# --------------------------------------------------------------------------- DOCX


def docx_facts(data: bytes) -> Facts:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = docx.Document(io.BytesIO(data))
    f = Facts()
    items = 0
    texts: list[str] = []

    def end_list() -> None:
        nonlocal items
        if items:
            f.cur.blocks.append(items)
            items = 0

    def bold(cell: object) -> bool:
        runs = [r for p in cell.paragraphs for r in p.runs if r.text.strip()]  # type: ignore[attr-defined]
        return all(r.bold for r in runs)

    for el in doc.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(el, doc)
            style = p.style.name if p.style is not None else ""
            if style == "Title":
                continue
            if style == "Heading 1":
                end_list()
                f.start(p.text)
                continue
            texts.append(p.text)
            if style.startswith("List"):
                items += 1
            elif p.text.strip():
                end_list()
            f.cur.figures.update(figures(p.text))
        elif tag == "tbl":
            end_list()
            t = Table(el, doc)
            rows = t.rows
            if rows and all(bold(c) for c in rows[0].cells) and not (len(rows[0].cells) == 2 and not bold(rows[0].cells[1])):
                f.cur.blocks.append(len(rows) - 1)
                body = rows[1:]
            else:  # a labelled-facts table: name | value
                f.cur.keys.extend(r.cells[0].text.strip() for r in rows)
                body = rows
            for r in body:
                cells = r.cells if body is not rows else r.cells[1:]
                line = " ".join(c.text for c in cells)
                texts.append(line)
                f.cur.figures.update(figures(line))
    end_list()
    f.text = "\n".join(texts)
    return f


# --------------------------------------------------------------------------- PDF


def pdf_text(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def facts(data: bytes, fmt: str) -> Facts:
    if fmt == "html":
        return html_facts(data.decode("utf-8"))
    if fmt == "md":
        return md_facts(data.decode("utf-8"))
    if fmt == "docx":
        return docx_facts(data)
    raise ValueError(fmt)


def all_figures(f: Facts) -> Counter[str]:
    out: Counter[str] = Counter()
    for s in f.sections:
        out.update(s.figures)
    return out

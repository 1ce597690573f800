"""Words of the diagrams and their legends, in English and Bahasa Indonesia."""

from __future__ import annotations

from functools import lru_cache

from ._dot import FONT, attrs, clean, q

WORDS: dict[str, tuple[str, str]] = {
    # genogram symbols
    "male": ("male", "laki-laki"),
    "female": ("female", "perempuan"),
    "other": ("other or unknown sex", "jenis kelamin lain / tidak diketahui"),
    "index": ("client (index person)", "klien (orang indeks)"),
    "deceased": ("deceased", "meninggal"),
    "pregnancy": ("pregnancy", "kehamilan"),
    "miscarriage": ("miscarriage", "keguguran"),
    "stillbirth": ("stillbirth", "lahir mati"),
    "age": ("age at assessment", "usia saat asesmen"),
    "married": ("married", "menikah"),
    "cohabiting": ("living together", "tinggal bersama"),
    "engaged": ("engaged", "bertunangan"),
    "separated": ("separated", "berpisah"),
    "divorced": ("divorced", "bercerai"),
    "biological": ("child", "anak kandung"),
    "adopted": ("adopted child", "anak angkat"),
    "foster": ("foster child", "anak asuh"),
    "twins": ("twins", "kembar"),
    "identical": ("identical twins", "kembar identik"),
    "household": ("one household", "satu rumah tangga"),
    "close": ("close", "dekat"),
    "fused": ("very close / fused", "sangat dekat / lebur"),
    "distant": ("distant", "jauh"),
    "conflict": ("conflict", "konflik"),
    "hostile": ("hostile", "bermusuhan"),
    "cut_off": ("cut off", "putus hubungan"),
    "abuse": ("abuse", "kekerasan"),
    # ecomap
    "strong": ("strong", "kuat"),
    "moderate": ("moderate", "sedang"),
    "tenuous": ("tenuous", "lemah"),
    "stressful": ("stressful", "penuh tekanan"),
    "none": ("no tie (a gap)", "tidak ada hubungan (celah)"),
    "flow": ("flow of energy or resources", "arah energi atau sumber daya"),
    "no_tie": ("no tie", "tidak ada hubungan"),
    "household_centre": ("household", "rumah tangga"),
    # titles
    "legend": ("Legend", "Keterangan"),
    "genogram": ("Genogram", "Genogram"),
    "ecomap": ("Ecomap", "Ekomap"),
}

#: Year marks on union lines ("m. 2010"), per language.
UNION_MARK: dict[str, tuple[str, str]] = {
    "start.married": ("m. {y}", "n. {y}"),
    "start.cohabiting": ("lt. {y}", "tb. {y}"),
    "start.engaged": ("e. {y}", "t. {y}"),
    "end.separated": ("s. {y}", "p. {y}"),
    "end.divorced": ("d. {y}", "c. {y}"),
    "end.married": ("end {y}", "akhir {y}"),
}


def word(key: str, lang: str) -> str:
    en, id_ = WORDS[key]
    return id_ if lang == "id" else en


def mark(key: str, lang: str, year: int) -> str | None:
    pair = UNION_MARK.get(key)
    if pair is None:
        return None
    return (pair[1] if lang == "id" else pair[0]).format(y=year)


#: What each legend entry looks like, as glyphs in an HTML-like table cell (text, colour).
#: Glyphs, not drawings: they render the same in every Graphviz and every converter.
SAMPLES: dict[str, tuple[str, str]] = {
    "male": ("□", "black"),
    "female": ("○", "black"),
    "other": ("◇", "black"),
    "index": ("◎", "black"),
    "deceased": ("⊠", "black"),
    "pregnancy": ("△", "black"),
    "miscarriage": ("●", "black"),
    "stillbirth": ("⊠", "black"),
    "age": ("32", "black"),
    "married": ("───", "black"),
    "cohabiting": ("╌╌╌", "black"),
    "engaged": ("┄┄┄", "black"),
    "separated": ("─/─", "black"),
    "divorced": ("─//─", "black"),
    "biological": ("│", "black"),
    "adopted": ("╎", "black"),
    "foster": ("┆", "black"),
    "twins": ("╱╲", "black"),
    "identical": ("╱─╲", "black"),
    "household": ("┄┄┄", "#555555"),
    "close": ("═══", "#2e7d32"),
    "fused": ("≡≡≡", "#2e7d32"),
    "distant": ("┄┄┄", "#757575"),
    "conflict": ("∿∿∿", "#c62828"),
    "hostile": ("∿∿∿", "#8e0000"),
    "cut_off": ("─┤├─", "#757575"),
    "abuse": ("∿∿→", "#6a1b9a"),
    "strong": ("━━━", "black"),
    "moderate": ("───", "black"),
    "tenuous": ("╌╌╌", "black"),
    "stressful": ("∿∿∿", "#c62828"),
    "none": ("┈ ┈ ┈", "#9e9e9e"),
    "flow": ("→ ← ↔", "black"),
}


def legend_label(keys: list[str], lang: str) -> str:
    """A plain-text label: the title, then one left-aligned line per symbol that appears.

    Plain text rather than an HTML-like table, so that it is the same in every Graphviz
    and needs nothing but the font. (Cached per process: few sets of keys occur.)
    """
    return _legend_label(tuple(keys), lang)


@lru_cache(maxsize=512)
def legend_node(keys: tuple[str, ...], lang: str) -> str:
    """The legend's node statement (DOT), the same for genograms and ecomaps."""
    label = legend_label(list(keys), lang)
    return "  " + q("legend") + " " + attrs({"shape": "box", "color": "#9e9e9e", "fontsize": 9, "margin": "0.15,0.1", "label": label, "id": "legend"}) + ";"


@lru_cache(maxsize=512)
def _legend_label(keys: tuple[str, ...], lang: str) -> str:
    lines = [f"{SAMPLES[k][0]}   {word(k, lang)}" for k in keys]
    body = "\\l".join(_esc(x) for x in lines)
    return '"' + _esc(word("legend", lang)) + "\\n\\n" + body + '\\l"'


def _esc(text: str) -> str:
    return clean(text).replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


__all__ = ["FONT", "SAMPLES", "WORDS", "legend_label", "legend_node", "mark", "word"]

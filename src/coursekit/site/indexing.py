"""The book's index (索引): each course term is filed under the chapter that uses it most.

Every KPI and method name of the glossary (:func:`coursekit.site.config.search_words`
gives the same list to the search segmenter) is counted in the prose of each
chapter. The chapter with the most mentions gets an index entry at the first
paragraph that uses the term; a tie goes to the earlier chapter. The entries
fill the site's 索引 page and put that chapter first in a search for the term.

>>> chapters = {"01": ["# 第1章", "首次解决率 与 重开率", "首次解决率 再次出现"],
...             "02": ["# 第2章", "双重差分；也提到首次解决率"]}
>>> placements(chapters, ["首次解决率", "双重差分", "熵权法"])
{'01': {1: ['首次解决率']}, '02': {1: ['双重差分']}}
>>> print(with_index_entries("## 1.2 定义\\n正文", ["首次解决率", "一次修复率"]))
## 1.2 定义
:::{index} !首次解决率, !一次修复率
:::
正文
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

__all__ = ["course_terms", "placements", "with_index_entries"]


def course_terms() -> list[str]:
    """The glossary's method names and the KPI catalog's Chinese names, as written there."""
    from coursekit.glossary import METHODS
    from coursekit.kpi import catalog

    return list(dict.fromkeys([t.zh for t in METHODS] + list(catalog()["name_zh"])))


def placements(chapters: Mapping[str, Sequence[str]], terms: Iterable[str]) -> dict[str, dict[int, list[str]]]:
    """Where each term's index entry goes: ``{chapter: {markdown cell number: [terms]}}``.

    ``chapters`` maps a chapter's name to the text of its markdown cells, in reading order.
    """
    found: dict[str, dict[int, list[str]]] = {}
    for term in terms:
        counts = {name: sum(cell.count(term) for cell in cells) for name, cells in chapters.items()}
        best = max(counts, key=lambda name: counts[name], default=None)   # first of the tied chapters
        if best is None or counts[best] == 0:
            continue
        cell = next(i for i, text in enumerate(chapters[best]) if term in text)
        found.setdefault(best, {}).setdefault(cell, []).append(term)
    return found


def with_index_entries(text: str, terms: Sequence[str]) -> str:
    """A markdown cell with an index directive for ``terms``: after its heading line, else first."""
    # "!" makes each the term's main entry: bold on the 索引 page, and search lists it before plain mentions
    directive = f":::{{index}} {', '.join('!' + term for term in terms)}\n:::\n"
    first, _, rest = text.partition("\n")
    if first.startswith("#"):
        return f"{first}\n{directive}{rest}"
    return directive + text

"""The reading site: the whole course as a static HTML book, built from the same sources.

``coursekit site build`` stages the chapters, glossary, references, data
dictionary and exercise pages into a Sphinx project (:mod:`.sources`,
:mod:`.pages`), runs it with myst-nb so every chapter executes and shows its
numbers, tables and figures (:mod:`.build`, settings in :mod:`.config`), and
writes a folder that works offline: formulas are MathML (:mod:`.mathml`),
search segments Chinese with jieba and the course's own terms.
``coursekit site serve`` serves it on loopback (:mod:`.serve`).
"""

from coursekit.site.build import SiteBuild, SiteError, build

__all__ = ["SiteBuild", "SiteError", "build"]

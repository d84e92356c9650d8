"""An OFD package (GB/T 33190-2016): the ZIP, its XML entries and how they refer to each other.

OFD.xml names each document's Document.xml (DocBody/DocRoot); a Document.xml lists its pages
(Pages/Page, BaseLoc → the page's Content.xml), its template pages (CommonData/TemplatePage),
its page size (CommonData/PageArea) and its resource files (PublicRes, DocumentRes), which map
ids to images (MultiMedia) and composite graphics. Locations are relative to the entry that
names them, or absolute from the package root when they start with "/".

Everything a hostile package could blow up is bounded: how many entries the ZIP lists, what any
entry may inflate to (read a chunk at a time, never trusting the sizes the ZIP declares), and
the XML parser resolves no entity and fetches nothing.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from declform.extract.sources.pdf_limits import MAX_STREAM_BYTES
from declform.output.errors import InputError

MAX_ENTRIES = 50_000  # a form is a few dozen entries: beyond this none of them is read
MAX_XML_BYTES = 64 * 2**20  # a page's Content.xml of a dense form is well under 1 MiB
MAX_MEDIA_BYTES = MAX_STREAM_BYTES  # an image entry: the PDF streams' ceiling (120 Mpx × 3 B)
A4_MM = (0.0, 0.0, 210.0, 297.0)

Box = tuple[float, float, float, float]  # x, y, width, height in mm, as OFD writes boxes


def local(element: etree._Element) -> str:
    """An element's name without its namespace (producers write ofd: or no prefix at all)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def children(element: etree._Element | None, name: str) -> Iterator[etree._Element]:
    return (child for child in (element if element is not None else ()) if local(child) == name)


def child(element: etree._Element | None, name: str) -> etree._Element | None:
    return next(children(element, name), None)


def numbers(text: str | None) -> list[float]:
    try:
        return [float(token) for token in (text or "").split()]
    except ValueError:
        return []


def parse_box(text: str | None) -> Box | None:
    values = numbers(text)
    return (values[0], values[1], values[2], values[3]) if len(values) == 4 else None


@dataclass(frozen=True)
class PageRef:
    """A page as its Document.xml lists it: its Content.xml, the document's template pages
    (id → Content.xml), page box and resource files."""

    content: str
    document_templates: tuple[tuple[str, str], ...]
    box: Box
    resources: tuple[str, ...]


@dataclass(frozen=True)
class PageEntry:
    """One page opened: its parsed Content.xml, the templates it draws (their Content.xml),
    its own box, and the resource files its ids refer to (the document's, then its own)."""

    root: etree._Element
    templates: tuple[str, ...]
    box: Box
    resources: tuple[str, ...]


class OfdPackage:
    """An opened OFD file; raises InputError naming the file when it cannot be one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._reading: int | None = None  # the page being read, named by every error
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise self.error(f"not a readable OFD package ({type(exc).__name__}: {exc})") from exc
        try:
            self.pages = self._read_pages()
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> OfdPackage:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._zip.close()

    def error(self, message: str, page: int | None = None) -> InputError:
        """An InputError naming the file, and the page being read unless `page` is given."""
        return InputError(message, path=str(self.path), page=page or self._reading)

    def _read_pages(self) -> list[PageRef]:
        infos = self._zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise self.error(f"the package lists {len(infos)} entries (more than {MAX_ENTRIES})")
        if any(info.flag_bits & 0x1 for info in infos):
            raise self.error("encrypted OFD package (password-protected entries)")
        self._names = {info.filename.lstrip("/"): info for info in infos}
        self._folded = {name.lower(): name for name in self._names}
        if self.find("Encryptions.xml") is not None:
            raise self.error("encrypted OFD document (Encryptions.xml): it needs its key")
        root = self.xml("OFD.xml")
        bodies = list(children(root, "DocBody"))
        roots = [(child(body, "DocRoot"), child(body, "Signatures")) for body in bodies]
        documents = [doc.text.strip() for doc, _ in roots if doc is not None and doc.text]
        if not documents:
            signed = any(signatures is not None for _, signatures in roots)
            raise self.error(
                "the package holds signatures only, no document (no DocRoot)"
                if signed
                else "OFD.xml names no document (no DocBody/DocRoot)"
            )
        pages: list[PageRef] = []
        for location in documents:
            pages.extend(self._document_pages(self.resolve("OFD.xml", location)))
        if not pages:
            raise self.error("the document has no pages (Document.xml lists none)")
        return pages

    def _document_pages(self, document: str) -> list[PageRef]:
        if self.find(document) is None:
            raise self.error(f"the package has no {document} (named by OFD.xml)")
        root = self.xml(document)
        common = child(root, "CommonData")
        area = parse_box(_text(child(child(common, "PageArea"), "PhysicalBox"))) or A4_MM
        resources = tuple(
            self.resolve(document, _text(res))
            for name in ("PublicRes", "DocumentRes")
            for res in children(common, name)
            if _text(res)
        )
        templates = tuple(
            (tpl.get("ID", ""), self.resolve(document, tpl.get("BaseLoc", "")))
            for tpl in children(common, "TemplatePage")
        )
        return [
            PageRef(self.resolve(document, page.get("BaseLoc", "")), templates, area, resources)
            for page in children(child(root, "Pages"), "Page")
        ]

    def page(self, number: int) -> PageEntry:
        """Page `number` (1-based) opened: its own area, templates and PageRes read from its
        Content.xml; every error from here on names the page."""
        if not 1 <= number <= len(self.pages):
            raise self.error(f"no page {number} (the document has {len(self.pages)})")
        self._reading = number
        ref = self.pages[number - 1]
        root = self.xml(ref.content)
        box = parse_box(_text(child(child(root, "Area"), "PhysicalBox"))) or ref.box
        known = dict(ref.document_templates)
        used = tuple(
            known[tpl.get("TemplateID", "")]
            for tpl in children(root, "Template")
            if tpl.get("TemplateID", "") in known
        )
        own = tuple(self.resolve(ref.content, _text(res)) for res in children(root, "PageRes"))
        return PageEntry(root, used, box, ref.resources + own)

    def find(self, name: str) -> str | None:
        """The entry's name as the ZIP spells it (some producers change the case)."""
        if name in self._names:
            return name
        return self._folded.get(name.lower())

    def resolve(self, base: str, location: str) -> str:
        """`location` as named inside entry `base`: absolute from the root, or relative to
        `base`'s folder; producers that write a root-relative location without its "/" are
        followed there when only that entry exists. A location leaving the package is
        refused."""
        location = location.strip().replace("\\", "/")
        if location.startswith("/"):
            return self._inside(base, location, location)
        name = self._inside(base, location, posixpath.join(posixpath.dirname(base), location))
        if self.find(name) is None and self.find(posixpath.normpath(location)) is not None:
            return self._inside(base, location, location)
        return name

    def _inside(self, base: str, location: str, joined: str) -> str:
        name = posixpath.normpath(joined).lstrip("/")
        if name.startswith("../") or name == "..":
            raise self.error(f"{base} names {location!r}, outside the package")
        return name

    def read(self, name: str, limit: int | None = None) -> bytes:
        """An entry's bytes, inflated a chunk at a time and at most `limit` of them (by
        default MAX_XML_BYTES)."""
        limit = MAX_XML_BYTES if limit is None else limit
        found = self.find(name)
        if found is None:
            raise self.error(f"the package has no {name}")
        try:
            with self._zip.open(self._names[found]) as stream:
                data = stream.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise self.error(f"{name} is damaged ({type(exc).__name__}: {exc})") from exc
        except NotImplementedError as exc:  # a compression zipfile does not know (Deflate64)
            raise self.error(f"{name} is compressed in a way not supported ({exc})") from exc
        except RuntimeError as exc:  # an encrypted entry the flag check did not see
            raise self.error(f"{name} is encrypted ({exc})") from exc
        if len(data) > limit:
            raise self.error(f"{name} inflates beyond {limit // 2**20} MiB (a decompression bomb?)")
        return data

    def xml(self, name: str) -> etree._Element:
        try:
            # a parser per call: lxml parsers are not to be shared between threads
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
            return etree.fromstring(self.read(name), parser)
        except etree.XMLSyntaxError as exc:
            reason = f"{name} is not well-formed XML (damaged or encrypted?): {exc}"
            raise self.error(reason) from exc


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""

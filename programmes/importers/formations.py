"""Parse an "Idéo-Formations initiales en France" Markdown record (formations-initiales-bts-2025).

These files give what the fiches lack, joined on the code scolarité: code RNCP, code NSF, the
ONISEP URL (whose "FOR.xxx" end is the ONISEP id) and the domains, as "parent/child" bullets
("information-communication, audiovisuel/audiovisuel")::

    # BTS métiers de l'audiovisuel option gestion de production
    ## 📋 Informations générales
    **Type de formation:** brevet de technicien supérieur (BTS)
    ## 🎓 Certification
    **Code RNCP:** 37019
    **Code scolarité:** 32032328
    **Code NSF:** 323
    **🔗 Fiche formation Onisep:** [https://…/FOR.5813](https://…/FOR.5813)
    ## 🎯 Domaines
    - information-communication, audiovisuel/audiovisuel

A few records list several NSF codes ("211 | 210"): the first, principal one is kept.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from programmes.importers.common import catalogue_kind, onisep_formation_id, parse_link
from programmes.importers.markdown import clean_code, read_blocks, read_document
from programmes.importers.records import DomainPath, FormationData, SourceError
from programmes.text import clean_text

_FIELD_SECTIONS = ("informations generales", "certification")


def first_code(*, value: str) -> str:
    """The principal code of a list such as "211 | 210" (the model keeps one code)."""
    return value.split("|", 1)[0].strip()


def parse_domain(*, value: str) -> DomainPath | None:
    """ "parent/child" → DomainPath; a value without "/" is a top-level domain with no child."""
    value = clean_text(value)
    if not value:
        return None
    parent, sep, child = value.partition("/")
    parent, child = parent.strip(), child.strip()
    if not sep or not child:
        return DomainPath(parent, "")
    return DomainPath(parent, child)


def parse_formation(*, text: str, source: str) -> FormationData:
    """Parse a formations-initiales record. Raises SourceError or NotInCatalogue."""
    doc = read_document(text=text, field_sections=_FIELD_SECTIONS)
    if "code rncp" not in doc.fields and "type de formation" not in doc.fields:
        raise SourceError(_("ce n'est pas un fichier « formations initiales » ONISEP"))
    type_label = doc.fields.get("type de formation", "")
    kind = catalogue_kind(
        type_label=type_label, field_line="**Type de formation:**", title=doc.title
    )
    code = clean_code(value=doc.fields.get("code scolarite", ""))
    url_value = doc.fields.get("fiche formation onisep", "")
    url = parse_link(value=url_value) if url_value else ""
    domains: list[DomainPath] = []
    for block in read_blocks(lines=doc.section("domaines") or []):
        domain = parse_domain(value=block.text)
        if domain is not None and domain not in domains:
            domains.append(domain)
    return FormationData(
        source=source,
        code_scolarite=code,
        name=doc.title,
        kind=kind,
        sigle=doc.fields.get("sigle", ""),
        rncp_code=doc.fields.get("code rncp", "").removeprefix("RNCP").strip(),
        nsf_code=first_code(value=doc.fields.get("code nsf", "")),
        onisep_url=url,
        onisep_id=onisep_formation_id(url=url),
        domains=tuple(domains),
    )

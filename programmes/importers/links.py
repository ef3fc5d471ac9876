"""The one policy for the links the importer stores (and the public pages render as ``<a href>``).

Every URL written by ``apply`` (``Programme.link_url``, ``Programme.onisep_url``,
``Metier.onisep_url``), whatever the importer that read it, goes through :func:`link_refusal`:
a link is kept only if it is an absolute ``http://`` or ``https://`` URL whose host is one of
``LINK_HOSTS`` or a subdomain of one. A link failing the policy is stored empty and reported
("lien écarté"), the rest of its record still imports.

Why an allow-list and not only "http(s)": the ONISEP files are third-party data, and a link
rendered on a public page carries the site's credibility; a typo-squatted or hijacked host in a
source file must not reach the students. The list is derived from the data: the hosts of every
link of the bundled files (fiches, formations-initiales, Idéo-Métiers, and the BTS/BTSA records
of the XML export and of the archive of every diploma). To accept a new official site, add its
registrable domain here.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

# Registrable domains whose hosts (the domain itself or any subdomain) the catalogue may link to.
LINK_HOSTS: tuple[str, ...] = (
    # ONISEP fiches and Idéo-Métiers pages (www.onisep.fr).
    "onisep.fr",
    # RNCP pages of France compétences (www.francecompetences.fr).
    "francecompetences.fr",
    # Official texts (www.legifrance.gouv.fr).
    "legifrance.gouv.fr",
    # BTSA referentials of the ministry of agriculture (chlorofil.fr).
    "chlorofil.fr",
    # Ministry of education: eduscol.education.fr, sti.eduscol.education.fr,
    # enqdip.sup.adc.education.fr (BTS referentials as PDF).
    "education.fr",
    # Ministry of education (www.education.gouv.fr).
    "education.gouv.fr",
    # Maritime BTS of the ministry of the sea (formations.mer.gouv.fr).
    "mer.gouv.fr",
)

# An absolute http(s) URL without white space, quotes, angle brackets or backslashes: browsers
# read "\" as "/" in a URL, so "https://evil.example\@www.onisep.fr/" leads to evil.example
# while urlsplit sees www.onisep.fr.
_WEB_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)


def link_host(*, url: str) -> str | None:
    """The host of an absolute http(s) URL, lower case without a trailing dot; None if url is
    not one."""
    if not _WEB_URL.match(url) or not url.isprintable():
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        return None
    return host.rstrip(".") if host else None


def host_allowed(*, host: str) -> bool:
    """Whether host is one of LINK_HOSTS or a subdomain of one."""
    return any(host == domain or host.endswith("." + domain) for domain in LINK_HOSTS)


def link_refusal(*, url: str) -> str | None:
    """Why url may not be stored (French, for the import report), or None if it may."""
    host = link_host(url=url)
    if host is None:
        return _("seuls les liens http:// et https:// sont acceptés")
    if not host_allowed(host=host):
        return _("site « %(host)s » hors de la liste des sites autorisés") % {"host": host}
    if "@" in urlsplit(url).netloc:
        # "https://www.onisep.fr@evil.example/" reads as onisep and leads elsewhere: no ONISEP
        # link carries credentials, so none is accepted.
        return _("adresse avec identifiants (« …@ ») refusée")
    return None

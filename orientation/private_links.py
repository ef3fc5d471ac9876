"""The student's private link (`/r/<token>/…`): its one URL prefix, and keeping it out of logs.

The token in the link is the student's only key to their answers. Anything that writes a URL
somewhere durable (a log line, a proxy's access log, a browser cache) must not write the token:
`redact` replaces it, and `RedactPrivateLinks` applies it to every log record that reaches a
handler it is attached to (see `LOGGING` in the settings and `orientation/config/gunicorn.py`).
"""

from __future__ import annotations

import logging
import re

# The URL prefix of every private page (orientation/urls.py builds its routes on it).
PRIVATE_PREFIX = "r/"

# A private path as it appears in a log line, a request line or a Referer: the prefix, then the
# token up to the next separator. Anything may follow (a step, a query string).
_PRIVATE_PATH = re.compile(r"(/" + re.escape(PRIVATE_PREFIX) + r")[^/\s?#\"'<>]+")
REDACTED = "[lien-prive]"
# What a counsellor typed in an admin list's search: pseudonyms of minors, which a log keeps
# long after the student's response is erased. The value of `q=` on an /admin/ URL.
_ADMIN_SEARCH = re.compile(r"(/admin/[^\s?#\"]*\?(?:[^\s#\"]*&)?q=)[^&\s#\"]*")
REDACTED_SEARCH = "[recherche]"


def is_private_path(path: str) -> bool:
    return path.startswith("/" + PRIVATE_PREFIX)


def redact(text: str) -> str:
    """`text` with every private token replaced: "/r/AbC…/etape/2/" → "/r/[lien-prive]/etape/2/";
    and admin searches: "/admin/orientation/response/?q=L%C3%A9a" → "…?q=[recherche]"."""
    text = _PRIVATE_PATH.sub(r"\1" + REDACTED, text)
    return _ADMIN_SEARCH.sub(r"\1" + REDACTED_SEARCH, text)


class RedactPrivateLinks(logging.Filter):
    """Rewrites a log record whose message names a private link, before any handler formats it.

    Django logs the path of every 4xx/5xx (« Bad Request: /r/<token>/etape/1/ »), CSRF failures
    and, under runserver, every request line; gunicorn's access log does the same. The record's
    message is rendered once, redacted, and its arguments dropped, so no formatter can put the
    token back. The `request` attribute Django attaches is dropped too: a handler that prints it
    (e.g. an e-mail to admins) would show the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
            if hasattr(record, "request"):
                record.request = None
        return True

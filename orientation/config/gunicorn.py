"""gunicorn settings for production (the README's deployment runs gunicorn with them).

    gunicorn -c python:orientation.config.gunicorn orientation.config.wsgi

The access log records the request line and the Referer of every request; both hold the
student's private token on `/r/…` pages. The logger below redacts it in every gunicorn log
(access and error) before anything is written. Other settings (workers, bind) stay on the
command line or in GUNICORN_CMD_ARGS.
"""

from __future__ import annotations

from gunicorn import glogging

from orientation.private_links import RedactPrivateLinks

accesslog = "-"
logger_class = "orientation.config.gunicorn.RedactingLogger"


class RedactingLogger(glogging.Logger):
    """gunicorn's logger, with private links redacted from every line it writes."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, RedactPrivateLinks) for f in handler.filters):
                    handler.addFilter(RedactPrivateLinks())

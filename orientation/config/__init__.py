"""The project's configuration, apart from the app code: settings (typed environment
variables), root URLs, WSGI and gunicorn entry points, project-wide middleware, and the admin
site with the admin helpers both apps share (`admin_site`).

`programmes` may import from this package (it is the declared neutral shared module between
the two apps, see docs/architecture.md) but from no other part of `orientation`.
"""

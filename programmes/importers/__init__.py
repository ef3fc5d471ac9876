"""The ONISEP catalogue importer (``manage.py import_programmes``).

Pipeline, one small module per step:

* ``sources``: walk files, folders and zip archives within bounds (size caps, zip bombs, nesting,
  symlinks: see its docstring); classify each file.
* ``markdown`` (fiches), ``formations`` (formations-initiales), ``metiers`` (Idéo-Métiers JSON
  and the matching of métier titles), ``xml_export`` (the Idéo-Fiches XML export): parse into
  the frozen records of ``records``. ``access`` deduces bac tracks from an "Accès" text.
* ``batch``: parse everything first, then join fiches and formations records on the code
  scolarité.
* ``apply``: write to the database under the staff-edit rule (see its docstring); every URL it
  writes passes the one link policy of ``links`` (http(s) on an allow-list of hosts).
* ``report``: the outcome and its French wording; ``run.run_import`` ties it all together.

The catalogue is BTS/BTSA only: fiches of other diplomas are skipped ("ignorées"), never failed.
"""

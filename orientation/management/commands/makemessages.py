"""`makemessages` without fuzzy matching (Django's documented way to customise it).

The sources are French and `make messages` copies each msgid to its msgstr (msgen). A fuzzy
match would give a new string the text of an old, different one (« Découverte » → « ouverte »),
and compilemessages would skip it: new strings are better added as they are.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

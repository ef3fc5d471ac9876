"""Django's and django-simple-history's admin messages whose French reads oddly in the back
office, listed here so that the project's catalogue (locale/fr) can word them better.

Why a list of another library's msgids: LOCALE_PATHS come before the libraries' own catalogues,
so a msgid of Django's with a msgstr of ours wins, everywhere the admin uses it (our admins and
the third-party ones: users, groups, axes, django-otp). But `makemessages` only keeps the msgids
it finds in our code and marks any other as obsolete (#~), which compilemessages drops: this
module is where it finds them. Nothing imports it; `gettext_noop` and `ngettext_lazy` only mark
the strings for extraction. tests/backoffice/test_admin_wording.py checks that each is still a
msgid of Django or simple-history (an upgrade that rewords one would silently bring the old
French back) and that our catalogue translates it.

What reads oddly, and the rule the French follows: Django's French names every model « l'objet
réponse », « l'objet cohorte » and agrees participles in the masculine (« les cohortes
sélectionnés », « Oui, je suis sûr »); « Par ouverte » titles a filter on an adjective. The
wording below never needs the model's gender: « Modifications enregistrées : cohorte « X » »,
« Supprimer la sélection (réponses) », « Critère : ouverte ».

The list page's title (« Sélectionnez l'objet réponse à changer ») is not here: the template
templates/admin/change_list.html titles every list with its plural name (« Réponses »).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_ADMIN_MSGIDS = (
    # List pages: the filters' titles, the selection, the actions.
    gettext_noop(" By %(filter_title)s "),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        1,  # read untranslated, this gives the singular msgid (the test does)
    ),
    # Index page: the link to a list is a verb, as « Ajouter » beside it.
    gettext_noop("Change"),
    # Add, change and view pages, and their confirmations.
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    # Inline rows and the buttons beside a related field.
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    # Deletion, of one object or of a selection.
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the '
        "following related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types of "
        "objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the following "
        "protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following "
        "objects and their related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, but "
        "your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following protected "
        "related objects:"
    ),
    gettext_noop(
        "Deleting %(class_name)s %(instance)s would require deleting the following protected "
        "related objects: %(related_objects)s"
    ),
    gettext_noop("Objects"),
    gettext_noop("Yes, I’m sure"),
)

# A unique field (a programme's address, a cohort's code) already taken: Django's French says
# « Un objet formation avec ce champ … existe déjà ».
DJANGO_MSGIDS = (gettext_noop("%(model_name)s with this %(field_label)s already exists."),)

SIMPLE_HISTORY_MSGIDS = (
    gettext_noop("Change history: %s"),
    gettext_noop("View history: %s"),
    # Our history page (templates/admin/shared/history_list.html) opens a version from its
    # « Voir cette version » link, not from a date.
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    # The kind of each version (« Action » column): « Créé » would agree with no feminine model.
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
)

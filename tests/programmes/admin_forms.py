"""POST data of the programme admin form, as a browser sends it for the rendered page."""

from __future__ import annotations

from programmes.models import Programme


def programme_change_data(programme: Programme, **changes) -> dict:
    """POST data of the programme change form as the admin renders it, with changes."""
    data = {
        "name": programme.name,
        "sigle": programme.sigle,
        "slug": programme.slug,
        "kind": programme.kind,
        "kind_label": programme.kind_label,
        "duration": programme.duration,
        "certification_level": programme.certification_level,
        "published": "on" if programme.published else "",
        "code_scolarite": programme.code_scolarite,
        "rncp_code": programme.rncp_code,
        "nsf_code": programme.nsf_code,
        "onisep_id": programme.onisep_id,
        "onisep_url": programme.onisep_url,
        "link_url": programme.link_url,
        "domains": [d.pk for d in programme.domains.all()],
        "bac_tracks": [b.pk for b in programme.bac_tracks.all()],
        "description": programme.description,
        "access": programme.access,
        "further_studies": programme.further_studies,
    }
    for prefix, rows, fields in [
        (
            "programme_attendus",
            programme.programme_attendus.all(),
            ["position", "group", "attendu"],
        ),
        ("programme_metiers", programme.programme_metiers.all(), ["position", "name", "metier"]),
    ]:
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = str(row.pk)
            data[f"{prefix}-{i}-programme"] = str(programme.pk)
            for field in fields:
                value = getattr(row, f"{field}_id" if field in {"attendu", "metier"} else field)
                data[f"{prefix}-{i}-{field}"] = "" if value is None else str(value)
    data.update(changes)
    return data

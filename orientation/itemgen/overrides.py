"""Explicit items for the few real attendus the rules cannot phrase well.

Keyed by `programmes.text.attendu_key` of the attendu text (so apostrophe, œ and comma variants
share an entry). Each entry says why the rules are not enough; `tests/orientation` checks that
every key is a real attendu of the bundled TSV and gives exactly these items.
"""

from __future__ import annotations

from orientation import dimensions as dim
from orientation.itemgen.drafts import ItemDraft
from orientation.models.content import ItemKind
from programmes.text import attendu_key

C = ItemKind.COMPETENCE
I = ItemKind.INTERET  # noqa: E741


def _draft(statement: str, example: str, dimension: str, kind: ItemKind) -> ItemDraft:
    return ItemDraft(
        statement=statement, example=example, dimension=dimension, kind=kind, rule="override"
    )


_RIGUEUR_EXAMPLE = (
    "Par exemple : je relis mes copies et je vérifie chaque calcul ou chaque nom avant de rendre "
    "un travail."
)

_OVERRIDES_BY_TEXT: dict[str, tuple[ItemDraft, ...]] = {
    # Interest with a trailing sentence about how to prove it: the proof is the example.
    "Être intéressé par l'aide, le conseil aux personnes, cet intérêt pourra être attesté par "
    "une expérience de bénévolat": (
        _draft(
            "Je m'intéresse à l'aide et au conseil aux personnes",
            "Par exemple : je fais du bénévolat dans une association, j'aide des élèves plus "
            "jeunes à faire leurs devoirs ou j'accompagne un proche âgé.",
            dim.INTERET_SECTEUR,
            I,
        ),
    ),
    # "leurs qualités": the pronoun refers to the previous attendu (food products).
    "S'intéresser à la maîtrise et au contrôle de leurs qualités nutritionnelle, sanitaire et "
    "gustative": (
        _draft(
            "Je m'intéresse au contrôle de la qualité des aliments : nutritionnelle, sanitaire et "
            "gustative",
            "Par exemple : je lis les étiquettes des aliments et je me demande comment on vérifie "
            "qu'un produit est sain et bon.",
            dim.INTERET_SECTEUR,
            I,
        ),
    ),
    # Taste + creativity tangled in one clause: two items.
    "Avoir le goût et la créativité pour élaborer des plans de valorisation des espaces et "
    "concevoir des actions d'animation et d'éducation à l'environnement ayant une dimension "
    "naturaliste, culturelle et artistique": (
        _draft(
            "J'aime faire découvrir la nature à d'autres personnes, par des animations ou des "
            "sorties",
            "Par exemple : j'ai guidé une sortie nature, animé un atelier pour des enfants ou "
            "participé à un club nature.",
            dim.INTERET_SECTEUR,
            I,
        ),
        _draft(
            "J'ai des idées créatives pour mettre en valeur un lieu ou un sujet (panneaux, "
            "parcours, animations)",
            "Par exemple : j'ai conçu une affiche, une exposition ou un jeu pour présenter un "
            "sujet "
            "de SVT ou d'histoire.",
            dim.CREATIVITE,
            C,
        ),
    ),
    # Taste + rigour in one clause: two items.
    "Avoir le goût et la rigueur permettant la gestion et le suivi des chantiers forestiers": (
        _draft(
            "J'aime l'idée d'organiser et de suivre des travaux en forêt",
            "Par exemple : je me promène souvent en forêt, j'ai vu des travaux d'abattage ou de "
            "plantation, ou je m'intéresse à la gestion des forêts.",
            dim.INTERET_SECTEUR,
            I,
        ),
        _draft(
            "Je travaille avec rigueur et je vérifie que ce qui était prévu a bien été fait",
            "Par exemple : dans un projet ou un TP, je coche chaque étape au fur et à mesure et je "
            "contrôle le résultat à la fin.",
            dim.RIGUEUR,
            C,
        ),
    ),
    "Avoir le goût et la rigueur pour préparer la rédaction d'actes juridiques officiels": (
        _draft(
            "J'aime le droit et la rédaction de documents officiels",
            "Par exemple : je m'intéresse aux lois et aux contrats, ou j'aide mes proches à "
            "comprendre un courrier administratif.",
            dim.ECONOMIE_DROIT,
            I,
        ),
        _draft(
            "Je travaille avec rigueur et je relis attentivement ce que j'écris",
            _RIGUEUR_EXAMPLE,
            dim.RIGUEUR,
            C,
        ),
    ),
    "Avoir le goût, la rigueur et la créativité pour élaborer des supports de communication": (
        _draft(
            "J'aime concevoir des supports de communication (affiches, vidéos, publications)",
            "Par exemple : je réalise les affiches ou les publications d'un club, d'une "
            "association ou d'un événement du lycée.",
            dim.INTERET_SECTEUR,
            I,
        ),
        _draft(
            "Je travaille avec rigueur et je soigne les détails",
            _RIGUEUR_EXAMPLE,
            dim.RIGUEUR,
            C,
        ),
        _draft(
            "J'ai des idées créatives pour attirer l'attention avec un message ou une image",
            "Par exemple : j'ai trouvé un slogan, un logo ou une mise en page originale pour un "
            "projet de classe.",
            dim.CREATIVITE,
            C,
        ),
    ),
    # A skill and a taste in one sentence.
    "Disposer de compétences en matière de recherche documentaire et d'appétence pour le droit "
    "(suivi de contrats) et la comptabilité (suivi budgétaire de projets)": (
        _draft(
            "Je sais faire une recherche documentaire et vérifier mes sources",
            "Par exemple : pour un exposé, je croise plusieurs sources (CDI, sites fiables) et je "
            "cite d'où viennent mes informations.",
            dim.CURIOSITE,
            C,
        ),
        _draft(
            "Je m'intéresse au droit et à la comptabilité (contrats, budgets)",
            "Par exemple : je tiens le budget d'un club ou d'un projet de classe, ou je lis les "
            "conditions d'un contrat avant de l'accepter.",
            dim.ECONOMIE_DROIT,
            I,
        ),
    ),
    # "Technico-économiques en vue de l'organisation et du suivi": costs and site organisation.
    "Disposer de compétences technico-économiques en vue de l'organisation et du suivi des "
    "chantiers d'aménagement paysager": (
        _draft(
            "Je sais estimer des quantités et des coûts pour préparer un chantier ou un projet",
            "Par exemple : pour un projet de jardin ou de bricolage, je calcule la quantité de "
            "matériel nécessaire et son prix.",
            dim.ECONOMIE_DROIT,
            C,
        ),
        _draft(
            "Je sais organiser et suivre un chantier ou un projet concret, étape par étape",
            "Par exemple : j'ai planifié les étapes d'un projet de jardinage ou de rénovation et "
            "vérifié que chacune était faite.",
            dim.ORGANISATION,
            C,
        ),
    ),
    # The next four are single skills worded too abstractly for a keyword rule.
    "Disposer de compétences scientifiques et techniques propres au secteur sanitaire et social "
    "ou au secteur de la gestion des ressources humaines": (
        _draft(
            "J'ai de bonnes bases scientifiques et techniques sur la santé, le social ou "
            "l'organisation du travail",
            "Par exemple : en ST2S, en SVT ou en économie, je comprends les notions sur la santé, "
            "la protection sociale ou la gestion du personnel.",
            dim.SCIENCES,
            C,
        ),
    ),
    "Disposer de compétences scientifiques et techniques ou professionnelles afin "
    "d'appréhender une situation du champ de l'esthétique-cosmétique-parfumerie visant à "
    "construire des réponses adaptées": (
        _draft(
            "Je m'appuie sur mes connaissances scientifiques (biologie, chimie) pour comprendre un "
            "soin ou un produit cosmétique",
            "Par exemple : je lis la composition d'un produit cosmétique et je cherche à "
            "comprendre le rôle de ses ingrédients.",
            dim.SCIENCES,
            C,
        ),
    ),
    "Disposer de compétences scientifiques pour s'approprier les processus biologiques, "
    "écologiques et techniques en relation avec le fonctionnement des sols, les végétaux "
    "spécialisés et de la biodiversité": (
        _draft(
            "Je comprends les phénomènes biologiques et écologiques liés aux sols, aux plantes et "
            "à la biodiversité",
            "Par exemple : en SVT, j'explique comment une plante se nourrit ou pourquoi la vie du "
            "sol est importante pour les cultures.",
            dim.SCIENCES,
            C,
        ),
    ),
    "Disposer de compétences technologiques ou professionnelles en vue de l'implantation et de "
    "la gestion de la végétation dans un but esthétique et de production d'aménités": (
        _draft(
            "J'ai des connaissances pratiques sur les plantes : comment les planter, les "
            "entretenir "
            "et les mettre en valeur",
            "Par exemple : j'entretiens un jardin, un potager ou des plantes d'intérieur et je "
            "sais "
            "ce dont elles ont besoin.",
            dim.PRATIQUE,
            C,
        ),
    ),
    "Disposer de compétences scientifiques, techniques et sociales pour établir le lien entre "
    "un aspect de la vie quotidienne (alimentation, hygiène, budget, habitat-logement) et la "
    "santé, le bien-être": (
        _draft(
            "Je sais faire le lien entre la vie quotidienne (alimentation, hygiène, budget, "
            "logement) et la santé ou le bien-être",
            "Par exemple : en SVT ou en ST2S, j'explique l'effet de l'alimentation ou du sommeil "
            "sur la santé.",
            dim.SCIENCES,
            C,
        ),
    ),
}

OVERRIDES: dict[str, tuple[ItemDraft, ...]] = {
    attendu_key(text): drafts for text, drafts in _OVERRIDES_BY_TEXT.items()
}
OVERRIDE_TEXTS: tuple[str, ...] = tuple(_OVERRIDES_BY_TEXT)

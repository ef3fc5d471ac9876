"""The questionnaire dimensions: the source content, shared by the seed migration and the tests.

A dimension groups items that measure the same kind of skill or interest ("Expression écrite",
"Travail en équipe"…), whatever the attendu they come from. Results pages chart them and show
their advice "Comment progresser".

This module is plain data (no ORM): the data migration `0002_seed_dimensions` creates the rows
from `DIMENSIONS`, the item generator (`orientation.itemgen`) refers to dimensions by slug, and
`ensure_dimensions()` in `orientation.itemgen.sync` recreates a missing row. Once a row exists,
staff edit its texts in the admin and nothing here overwrites them.

`example` is not stored: it is the generator's fallback example for an item of that dimension
when no more specific rule gives one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DimensionData:
    """The seed content of one dimension (French, user-facing)."""

    slug: str
    name: str
    description: str
    advice: str
    example: str


EXPRESSION_ECRITE = "expression-ecrite"
EXPRESSION_ORALE = "expression-orale"
LANGUES = "anglais-langues"
EQUIPE = "travail-equipe"
ORGANISATION = "organisation-autonomie"
SCIENCES = "sciences-technologies"
COMMUNICATION_TECHNIQUE = "communication-technique"
RELATION = "relation-client"
ECONOMIE_DROIT = "economie-droit-gestion"
RIGUEUR = "rigueur-regles-securite"
PRATIQUE = "travail-pratique"
CREATIVITE = "creativite"
NUMERIQUE = "numerique"
CURIOSITE = "curiosite-adaptation"
INTERET_SECTEUR = "interet-secteur"

DIMENSIONS: tuple[DimensionData, ...] = (
    DimensionData(
        slug=EXPRESSION_ECRITE,
        name="Expression écrite",
        description=(
            "Rédiger des textes clairs, bien construits et corrects : comptes rendus, courriels, "
            "synthèses, argumentations."
        ),
        advice=(
            "Relis chaque écrit à voix basse : les phrases trop longues et les fautes sautent aux "
            "oreilles. Entraîne-toi à résumer un article de presse en dix lignes, puis compare "
            "avec "
            "l'original. Demande à un professeur de corriger un écrit de plus par trimestre, "
            "par exemple une lettre de motivation."
        ),
        example=(
            "Par exemple : je rédige un compte rendu ou un courriel formel facile à comprendre "
            "et sans fautes gênantes."
        ),
    ),
    DimensionData(
        slug=EXPRESSION_ORALE,
        name="Expression orale",
        description=(
            "Présenter, expliquer et défendre ses idées à l'oral, devant un groupe ou face à une "
            "personne."
        ),
        advice=(
            "Porte-toi volontaire pour les exposés et prépare-les avec quelques mots-clés plutôt "
            "qu'un texte à lire. Entraîne-toi devant un proche ou en te filmant, puis repère ce "
            "qui peut être plus clair. Prends la parole dans les débats en classe, même pour une "
            "seule idée."
        ),
        example=(
            "Par exemple : je présente un exposé devant la classe en m'appuyant sur quelques "
            "notes, sans lire mon texte."
        ),
    ),
    DimensionData(
        slug=LANGUES,
        name="Anglais et langues étrangères",
        description=(
            "Comprendre et se faire comprendre en anglais (et parfois dans une autre langue), "
            "à l'écrit comme à l'oral."
        ),
        advice=(
            "Regarde des séries ou des vidéos en anglais avec les sous-titres en anglais, quelques "
            "minutes chaque jour. Apprends à te présenter et à décrire ton projet en anglais. "
            "Profite des échanges, des assistants de langue ou des applications pour parler "
            "régulièrement."
        ),
        example=(
            "Par exemple : je comprends l'essentiel d'une vidéo en anglais et je peux me présenter "
            "ou écrire un court message en anglais."
        ),
    ),
    DimensionData(
        slug=EQUIPE,
        name="Travail en équipe",
        description=(
            "Collaborer sur un projet commun, répartir le travail, animer un groupe, tenir compte "
            "des autres."
        ),
        advice=(
            "Dans le prochain travail de groupe, propose une répartition claire des tâches et un "
            "point d'étape. Engage-toi dans un club, une association ou un projet du lycée. Après "
            "chaque projet, note ce qui a bien marché dans le groupe et ce que tu ferais autrement."
        ),
        example=(
            "Par exemple : en TP ou en projet, je me mets d'accord avec les autres sur qui fait "
            "quoi et je respecte ce qui a été décidé."
        ),
    ),
    DimensionData(
        slug=ORGANISATION,
        name="Organisation et autonomie",
        description=(
            "Planifier son travail, respecter des délais, prendre des décisions et des initiatives "
            "sans attendre qu'on le demande."
        ),
        advice=(
            "Utilise un agenda (papier ou numérique) et note chaque échéance dès qu'elle est "
            "donnée. Découpe les gros travaux en petites étapes datées. Essaie de commencer un "
            "devoir ou une révision sans qu'on te le rappelle, et regarde ce qui t'aide à t'y "
            "tenir."
        ),
        example=(
            "Par exemple : je planifie mes révisions et je rends un dossier à temps sans qu'on me "
            "le rappelle."
        ),
    ),
    DimensionData(
        slug=SCIENCES,
        name="Sciences et technologies",
        description=(
            "Les bases en mathématiques, physique-chimie, biologie ou technologie, et le "
            "raisonnement scientifique : mesurer, interpréter des résultats, analyser des données."
        ),
        advice=(
            "Reprends les notions de base qui te posent problème avec des exercices corrigés ou "
            "des vidéos pédagogiques. En TP, demande-toi toujours ce que montre le résultat et "
            "pourquoi il peut s'écarter de la théorie. Si besoin, demande de l'aide ou un tutorat "
            "dès que tu bloques."
        ),
        example=(
            "Par exemple : j'ai des résultats corrects en mathématiques et en physique-chimie et "
            "je "
            "comprends ce que je fais en TP."
        ),
    ),
    DimensionData(
        slug=COMMUNICATION_TECHNIQUE,
        name="Communication technique",
        description=(
            "Expliquer une idée, un fonctionnement ou une solution technique avec les bons mots, "
            "un schéma, un plan ou un croquis."
        ),
        advice=(
            "Entraîne-toi à expliquer le fonctionnement d'un objet du quotidien en cinq phrases et "
            "un schéma légendé. En technologie ou en sciences, soigne tes schémas et le "
            "vocabulaire "
            "précis. Demande à quelqu'un qui ne connaît pas le sujet si ton explication est claire."
        ),
        example=(
            "Par exemple : je présente le fonctionnement d'un objet technique avec un croquis "
            "légendé."
        ),
    ),
    DimensionData(
        slug=RELATION,
        name="Relation client et sens du contact",
        description=(
            "Accueillir, écouter, conseiller, argumenter et négocier avec des clients, des usagers "
            "ou des interlocuteurs variés."
        ),
        advice=(
            "Cherche des occasions d'être au contact du public : job d'été, bénévolat, accueil "
            "lors des portes ouvertes. Entraîne-toi à écouter jusqu'au bout et à reformuler la "
            "demande avant de répondre. Observe comment un bon vendeur ou un bon conseiller mène "
            "l'échange."
        ),
        example=(
            "Par exemple : lors d'un stage, d'un job d'été ou d'une journée portes ouvertes, j'ai "
            "accueilli du public et répondu à ses questions."
        ),
    ),
    DimensionData(
        slug=ECONOMIE_DROIT,
        name="Économie, droit et gestion",
        description=(
            "Comprendre le fonctionnement des entreprises, les chiffres de la gestion (coûts, "
            "budgets) et les règles de droit qui encadrent les activités."
        ),
        advice=(
            "Suis l'actualité économique une fois par semaine (journal, podcast, émission). "
            "Entraîne-toi aux calculs de pourcentages, de marges et de budgets. Si ton lycée le "
            "propose, participe à une mini-entreprise ou choisis un enseignement d'économie ou de "
            "droit."
        ),
        example=(
            "Par exemple : je sais ce que sont un chiffre d'affaires, des charges et un bénéfice, "
            "et je gère le budget d'un projet ou d'un club."
        ),
    ),
    DimensionData(
        slug=RIGUEUR,
        name="Rigueur, règles et sécurité",
        description=(
            "Respecter les consignes, les règles de sécurité et les codes professionnels, "
            "travailler avec soin et précision."
        ),
        advice=(
            "Avant de rendre un travail, relis-le avec une liste de points à vérifier. En TP ou en "
            "atelier, applique chaque consigne de sécurité, même quand personne ne regarde. En "
            "stage, observe les habitudes de l'équipe (horaires, tenue, langage) et adopte-les."
        ),
        example=(
            "Par exemple : en TP ou en stage, je respecte les consignes et je vérifie mon travail "
            "avant de le rendre."
        ),
    ),
    DimensionData(
        slug=PRATIQUE,
        name="Travail manuel et pratique",
        description=(
            "Manipuler, fabriquer, réparer, expérimenter en TP ou travailler sur le terrain."
        ),
        advice=(
            "Multiplie les occasions de faire de tes mains : bricolage, jardinage, réparation, "
            "cuisine, fablab. En TP, sois volontaire pour manipuler. Un stage d'observation ou un "
            "job d'été dans un atelier ou sur le terrain te montrera si ce rythme te plaît."
        ),
        example=(
            "Par exemple : je bricole, je répare un objet ou je fabrique quelque chose en atelier "
            "ou à la maison."
        ),
    ),
    DimensionData(
        slug=CREATIVITE,
        name="Créativité et sens artistique",
        description=(
            "Imaginer des idées nouvelles, concevoir des supports visuels, des espaces ou des "
            "événements, avoir un regard artistique."
        ),
        advice=(
            "Garde un carnet où tu notes ou dessines des idées, des images, des lieux qui te "
            "plaisent. Participe à un atelier artistique, à un journal ou à la communication d'un "
            "club. Visite des expositions et demande-toi ce qui rend un visuel efficace."
        ),
        example=(
            "Par exemple : j'ai créé une affiche, un logo ou une vidéo pour un club, une "
            "association ou un événement du lycée."
        ),
    ),
    DimensionData(
        slug=NUMERIQUE,
        name="Numérique et informatique",
        description=(
            "Utiliser avec aisance les outils numériques (logiciels, applications, services en "
            "ligne) et s'adapter quand ils évoluent."
        ),
        advice=(
            "Apprends à bien utiliser un tableur et un traitement de texte, ils servent partout. "
            "Quand tu bloques sur un logiciel, cherche l'aide en ligne avant de demander. Essaie "
            "un outil nouveau (dessin, montage, programmation) sur un petit projet personnel."
        ),
        example=(
            "Par exemple : je prends vite en main un nouveau logiciel ou une application, et je "
            "sais chercher de l'aide en ligne quand je bloque."
        ),
    ),
    DimensionData(
        slug=CURIOSITE,
        name="Curiosité et adaptation",
        description=(
            "S'intéresser au monde, avoir une bonne culture générale, analyser une situation et "
            "s'adapter quand elle change."
        ),
        advice=(
            "Suis l'actualité régulièrement et note les sujets qui t'étonnent. Lis, regarde des "
            "documentaires, visite des lieux que tu ne connais pas. Quand une situation change, "
            "prends le temps de comprendre ce qui est attendu avant d'agir."
        ),
        example=(
            "Par exemple : je suis l'actualité et je lis ou regarde régulièrement des articles ou "
            "des documentaires sur des sujets variés."
        ),
    ),
    DimensionData(
        slug=INTERET_SECTEUR,
        name="Intérêt pour le secteur",
        description=(
            "L'intérêt pour le domaine précis de la formation : ses métiers, ses produits, ses "
            "enjeux."
        ),
        advice=(
            "Renseigne-toi concrètement : fiches métiers ONISEP, vidéos de professionnels, "
            "journées "
            "portes ouvertes des établissements qui proposent ce BTS. Si tu peux, fais un stage "
            "d'observation ou une immersion pour voir le quotidien du métier. Note ce qui te plaît "
            "et ce qui te plaît moins : cela t'aidera aussi pour ton projet de formation motivé."
        ),
        example=(
            "Par exemple : je me renseigne sur ces métiers (fiches ONISEP, vidéos de "
            "professionnels, journées portes ouvertes) ou j'ai fait un stage d'observation dans ce "
            "domaine."
        ),
    ),
)

DIMENSIONS_BY_SLUG: dict[str, DimensionData] = {d.slug: d for d in DIMENSIONS}
DIMENSION_SLUGS: tuple[str, ...] = tuple(DIMENSIONS_BY_SLUG)

"""Skill facets: keyword rules that turn a skill attendu into one item per skill it names.

A facet fires when its `trigger` matches the folded attendu text (lower case, no accents,
straight apostrophes: see `programmes.text.fold`) and its `unless` does not. It then gives one
item: the first of its variants whose `when` matches (a variant without `when` always matches).
A variant marked `alone_only` is used only when no other facet fires on the text: "compétences
relationnelles" alone becomes a contact item, but "compétences relationnelles permettant de
s'inscrire dans un travail en équipe" is about team work only.

Items come out in the order the text names the skills (position of the first trigger match).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from orientation import dimensions as dim


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class Variant:
    """A statement and its example; `build`, when set, computes the statement from the text."""

    statement: str
    example: str
    when: re.Pattern[str] | None = None
    alone_only: bool = False
    build: Callable[[str], str] | None = None


@dataclass(frozen=True)
class Facet:
    """One skill: where it is named in a text, and the item it becomes."""

    name: str
    dimension: str
    trigger: re.Pattern[str]
    variants: tuple[Variant, ...]
    unless: re.Pattern[str] | None = None


# Expression skills often name team work only as their purpose ("s'exprimer … pour s'inscrire
# dans un travail en équipe"): that purpose is not a separate skill to assess.
_TEAM_AS_PURPOSE = _re(r"(ecrit|oral)\w*\b.*\b(pour|perspective)\b.*(equipe|collabor)")


# --- "Disciplines scientifiques": the statement keeps the subjects the attendu lists. ---

_SUBJECTS_START = re.compile(
    r"(?:dans les disciplines |un bon niveau dans les disciplines |compétences,? )"
    r"(scientifiques\b.*)$",
    re.IGNORECASE,
)
_PURPOSE_CUT = re.compile(r",? (?:pour|afin d[e']|visant) .*$")


def _last_comma_to_and(listing: str) -> str:
    """ "biologie, physique-chimie" → "biologie et physique-chimie" (unless "et" is there)."""
    head, sep, last = listing.rpartition(", ")
    if not sep or " et " in last or "(" in last:
        return listing
    return f"{head} et {last}"


def disciplines_statement(text: str) -> str:
    """'…dans les disciplines scientifiques et technologiques : biologie, physique-chimie' →
    "J'ai un bon niveau dans les matières scientifiques et technologiques : biologie et
    physique-chimie"."""
    match = _SUBJECTS_START.search(text)
    rest = match.group(1) if match else "scientifiques"
    rest = _PURPOSE_CUT.sub("", rest).rstrip(" .…")
    rest = re.sub(r"\bmathématique$", "mathématiques", rest)
    # Fix "compétences, scientifiques et technologiques, en particulier" punctuation.
    rest = re.sub(r"^(scientifiques et technologiques),( en particulier)", r"\1,\2", rest)
    for marker in (" : ", ", notamment en ", ", en particulier en "):
        head, sep, listing = rest.partition(marker)
        if sep:
            rest = f"{head}{sep}{_last_comma_to_and(listing)}"
            break
    return f"J'ai un bon niveau dans les matières {rest}"


FACETS: tuple[Facet, ...] = (
    Facet(
        name="ecrit",
        dimension=dim.EXPRESSION_ECRITE,
        trigger=_re(r"\becrites?\b|a l'ecrit|redactionnel|^communiquer .*en francais"),
        unless=_re(r"oral en langue anglaise"),
        variants=(
            Variant(
                when=_re(r"redactionnel"),
                statement="Je sais rédiger des textes clairs et bien construits",
                example=(
                    "Par exemple : je rédige un article pour le journal du lycée ou une lettre de "
                    "motivation que je n'ai pas besoin de faire corriger."
                ),
            ),
            Variant(
                when=_re(r"argument"),
                statement="Je sais rédiger un texte clair et argumenté",
                example=(
                    "Par exemple : en français ou en histoire-géographie, je construis un "
                    "paragraphe argumenté avec des exemples précis."
                ),
            ),
            Variant(
                when=_re(r"redaction de procedures"),
                statement="Je sais rédiger des consignes claires que d'autres peuvent suivre",
                example=(
                    "Par exemple : j'ai écrit une fiche de consignes ou un tutoriel que mes "
                    "camarades ont pu suivre sans aide."
                ),
            ),
            Variant(
                when=_re(r"rendre compte"),
                statement="Je sais rédiger un compte rendu clair de ce que j'ai fait",
                example=(
                    "Par exemple : après un TP ou un stage, je rédige un compte rendu que "
                    "quelqu'un d'autre peut suivre étape par étape."
                ),
            ),
            Variant(
                statement="Je sais m'exprimer clairement et correctement à l'écrit",
                example=(
                    "Par exemple : je rédige un compte rendu ou un courriel formel facile à "
                    "comprendre et sans fautes gênantes."
                ),
            ),
        ),
    ),
    Facet(
        name="oral",
        dimension=dim.EXPRESSION_ORALE,
        trigger=_re(r"\borales?\b|\bl'oral\b|^communiquer .*en francais"),
        unless=_re(r"oral en langue anglaise"),
        variants=(
            Variant(
                when=_re(r"argument"),
                statement="Je sais présenter mes idées à l'oral et les défendre avec des arguments",
                example=(
                    "Par exemple : lors d'un exposé ou d'un débat en classe, je défends mon point "
                    "de vue en m'appuyant sur des exemples."
                ),
            ),
            Variant(
                when=_re(r"animation d'equipes"),
                statement="Je sais prendre la parole devant un groupe pour expliquer ou animer",
                example=(
                    "Par exemple : je présente l'avancement d'un projet de groupe devant la classe "
                    "et je réponds aux questions."
                ),
            ),
            Variant(
                when=_re(r"professionnels|interlocuteurs|relation client"),
                statement=(
                    "Je sais m'exprimer à l'oral de façon claire et adaptée à la personne en "
                    "face de moi"
                ),
                example=(
                    "Par exemple : en stage ou au téléphone, je ne parle pas à un adulte que je ne "
                    "connais pas comme à un camarade."
                ),
            ),
            Variant(
                statement="Je sais m'exprimer clairement à l'oral",
                example=(
                    "Par exemple : je présente un exposé devant la classe en m'appuyant sur "
                    "quelques notes, sans lire mon texte."
                ),
            ),
        ),
    ),
    Facet(
        name="langues",
        dimension=dim.LANGUES,
        trigger=_re(r"anglais|langues? vivantes?|langues? etrangeres?"),
        variants=(
            Variant(
                when=_re(r"deux langues.*anglais"),
                statement="Je pratique au moins deux langues étrangères, dont l'anglais",
                example=(
                    "Par exemple : je suis des cours d'anglais et d'une autre langue vivante et "
                    "je peux me présenter dans les deux."
                ),
            ),
            Variant(
                when=_re(r"deux langues"),
                statement="Je pratique au moins deux langues étrangères",
                example=(
                    "Par exemple : je suis des cours dans deux langues vivantes et je peux me "
                    "présenter et répondre à des questions simples dans chacune."
                ),
            ),
            Variant(
                when=_re(r"evolutions des technologies"),
                statement="Je peux lire une documentation ou suivre une vidéo technique en anglais",
                example=(
                    "Par exemple : je comprends l'essentiel d'un tutoriel ou d'une page d'aide "
                    "d'un logiciel écrits en anglais."
                ),
            ),
            Variant(
                when=_re(r"comprendre et de s'exprimer"),
                statement=(
                    "Je comprends l'anglais et je sais m'exprimer en anglais, à l'écrit comme à "
                    "l'oral"
                ),
                example=(
                    "Par exemple : je comprends une vidéo ou un article simple en anglais et je "
                    "peux le résumer en anglais."
                ),
            ),
            Variant(
                when=_re(r"langue etrangere"),
                statement="Je sais communiquer dans une langue étrangère",
                example=(
                    "Par exemple : je peux me présenter et répondre à des questions simples en "
                    "anglais ou dans une autre langue."
                ),
            ),
            Variant(
                statement="Je sais communiquer en anglais, à l'écrit comme à l'oral",
                example=(
                    "Par exemple : je comprends l'essentiel d'une vidéo en anglais et je peux me "
                    "présenter ou écrire un court message en anglais."
                ),
            ),
        ),
    ),
    Facet(
        name="decision",
        dimension=dim.ORGANISATION,
        trigger=_re(r"prise de decisions?"),
        variants=(
            Variant(
                statement="Je sais prendre une décision et l'assumer",
                example=(
                    "Par exemple : dans un projet, je choisis entre deux solutions en pesant le "
                    "pour et le contre, puis je m'y tiens."
                ),
            ),
        ),
    ),
    Facet(
        name="initiative",
        dimension=dim.ORGANISATION,
        trigger=_re(r"prise d'initiatives?"),
        variants=(
            Variant(
                statement="Je sais prendre des initiatives",
                example=(
                    "Par exemple : je propose mon aide pour organiser une sortie ou un événement "
                    "au lycée sans attendre qu'on me le demande."
                ),
            ),
        ),
    ),
    Facet(
        name="adaptation",
        dimension=dim.CURIOSITE,
        trigger=_re(r"d'adaptation|s'adapter"),
        # « s'adapter à un système de production… » names the trade, not coping with change.
        unless=_re(r"s'adapter a (?:un|une|des|le|la|les) (?:systeme|mode|cahier|contexte)"),
        variants=(
            Variant(
                when=_re(r"environnement industriel ou de laboratoire"),
                statement=(
                    "Je sais m'adapter à un nouveau lieu de travail, comme un atelier, une usine "
                    "ou un laboratoire"
                ),
                example=(
                    "Par exemple : lors d'un stage ou d'une visite d'entreprise, j'ai vite compris "
                    "comment fonctionnait le lieu et ce qu'on attendait de moi."
                ),
            ),
            Variant(
                when=_re(r"environnement industriel"),
                statement=(
                    "Je sais m'adapter à un nouveau lieu de travail, comme un atelier ou une usine"
                ),
                example=(
                    "Par exemple : lors d'un stage ou d'une visite d'entreprise, j'ai vite compris "
                    "comment fonctionnait le lieu et ce qu'on attendait de moi."
                ),
            ),
            Variant(
                when=_re(r"environnement"),
                statement=(
                    "Je sais m'adapter à un nouvel environnement, comme un stage ou un nouvel "
                    "établissement"
                ),
                example=(
                    "Par exemple : en arrivant en stage ou dans un nouveau lycée, j'ai vite repéré "
                    "comment les choses fonctionnaient et ce qu'on attendait de moi."
                ),
            ),
            Variant(
                statement="Je sais m'adapter quand la situation change",
                example=(
                    "Par exemple : quand un exercice ou un projet ne se passe pas comme prévu, je "
                    "change de méthode sans me décourager."
                ),
            ),
        ),
    ),
    Facet(
        name="organisation",
        dimension=dim.ORGANISATION,
        trigger=_re(r"\borganisation\b|\bautonomie\b"),
        variants=(
            Variant(
                when=_re(r"outils numeriques"),
                statement="Je sais organiser mon travail avec des outils numériques",
                example=(
                    "Par exemple : j'utilise un agenda en ligne, l'ENT ou une application pour "
                    "planifier mes devoirs et mes révisions."
                ),
            ),
            Variant(
                when=_re(r"activites pratiques|realisation d'activites"),
                statement=(
                    "Je sais m'organiser et travailler en autonomie, y compris lors d'activités "
                    "pratiques"
                ),
                example=(
                    "Par exemple : en TP, je prépare mon poste et je suis le protocole sans "
                    "attendre qu'on me dise chaque étape."
                ),
            ),
            Variant(
                when=_re(r"organisation.*autonomie|autonomie.*organisation"),
                statement="Je sais m'organiser et travailler en autonomie",
                example=(
                    "Par exemple : j'ai organisé un exposé de groupe (répartition, calendrier) ou "
                    "je planifie mes révisions sans qu'on me le rappelle."
                ),
            ),
            Variant(
                when=_re(r"autonomie"),
                statement="Je sais travailler en autonomie",
                example=(
                    "Par exemple : quand le professeur s'occupe d'un autre groupe, j'avance sur "
                    "mon travail sans attendre son aide."
                ),
            ),
            Variant(
                statement="Je sais organiser mon travail et respecter des délais",
                example=(
                    "Par exemple : pour un projet de groupe, je découpe le travail en étapes et "
                    "je tiens un calendrier."
                ),
            ),
        ),
    ),
    Facet(
        name="risques",
        dimension=dim.RIGUEUR,
        trigger=_re(r"situations? a risques?"),
        variants=(
            Variant(
                statement="Je garde mon calme et je sais réagir face à une situation dangereuse",
                example=(
                    "Par exemple : lors d'un incident en TP ou en sortie, j'applique les consignes "
                    "et je préviens tout de suite la bonne personne."
                ),
            ),
        ),
    ),
    Facet(
        name="equipe",
        dimension=dim.EQUIPE,
        trigger=_re(
            r"travail(ler)? en (equipe|groupe)|collaborati|collaborer|au sein d'equipes"
            r"|projets? collectifs?|\ben equipe\b|s'integrer dans un travail"
        ),
        unless=_TEAM_AS_PURPOSE,
        variants=(
            Variant(
                when=_re(r"pluriprofessionnel|para-?medicales"),
                statement=(
                    "Je sais travailler en équipe avec des personnes qui exercent des métiers "
                    "différents"
                ),
                example=(
                    "Par exemple : dans un projet, je travaille avec des élèves d'autres filières "
                    "ou avec des adultes (professeurs, intervenants) en tenant compte du rôle de "
                    "chacun."
                ),
            ),
            Variant(
                when=_re(r"s'integrer dans un travail"),
                statement="Je sais m'intégrer dans un groupe et y trouver ma place",
                example=(
                    "Par exemple : en arrivant dans une nouvelle classe, un club ou une équipe "
                    "sportive, je trouve vite ma place dans le groupe."
                ),
            ),
            Variant(
                when=_re(r"projets collectifs"),
                statement="Je m'investis dans des projets collectifs",
                example=(
                    "Par exemple : je participe à l'organisation d'un événement du lycée, d'une "
                    "association ou d'un club."
                ),
            ),
            Variant(
                when=_re(r"projets?\b|chantier"),
                statement="Je sais travailler en équipe sur un projet",
                example=(
                    "Par exemple : lors d'un projet de groupe, je prends ma part du travail et je "
                    "tiens les autres au courant de mon avancement."
                ),
            ),
            Variant(
                statement="Je sais travailler en équipe",
                example=(
                    "Par exemple : en TP ou en projet, je me mets d'accord avec les autres sur qui "
                    "fait quoi et je respecte ce qui a été décidé."
                ),
            ),
        ),
    ),
    Facet(
        name="animation",
        dimension=dim.EQUIPE,
        trigger=_re(r"animation d'(une )?equipes?|animer une equipe|management des equipes"),
        unless=_re(r"(ecrit|oral)\w*\b.*\bperspective\b.*animation"),
        variants=(
            Variant(
                statement="Je sais animer un groupe et répartir le travail entre chacun",
                example=(
                    "Par exemple : j'ai coordonné un exposé ou un projet de groupe : répartition "
                    "des tâches, calendrier, mise en commun."
                ),
            ),
        ),
    ),
    Facet(
        name="proposition",
        dimension=dim.EQUIPE,
        trigger=_re(r"force de proposition"),
        variants=(
            Variant(
                statement="Je propose des idées quand je travaille en groupe",
                example=(
                    "Par exemple : lors d'un travail de groupe, je suggère une façon de "
                    "s'organiser "
                    "ou une idée pour améliorer le résultat."
                ),
            ),
        ),
    ),
    Facet(
        name="relationnel",
        dimension=dim.RELATION,
        trigger=_re(
            r"relationnel|\becoute\b|empathie|negociation|relation client|relation a l'usager"
            r"|mediation"
        ),
        unless=_re(r"perspective d'une relation clientele"),
        variants=(
            Variant(
                when=_re(r"adapter son discours"),
                statement="Je sais adapter ma façon de parler à la personne en face de moi",
                example=(
                    "Par exemple : je n'explique pas une chose de la même façon à un enfant, à une "
                    "personne âgée ou à un professeur."
                ),
            ),
            Variant(
                when=_re(r"negociation"),
                statement="Je sais écouter l'autre, comprendre son point de vue et négocier",
                example=(
                    "Par exemple : lors d'un désaccord dans un groupe, j'écoute chacun et je "
                    "propose un compromis acceptable par tous."
                ),
            ),
            Variant(
                when=_re(r"empathie|\becoute\b"),
                statement="Je sais écouter les autres et me mettre à leur place",
                example=(
                    "Par exemple : quand quelqu'un m'explique un problème, je l'écoute jusqu'au "
                    "bout avant de répondre ou de donner un conseil."
                ),
            ),
            Variant(
                when=_re(r"entreprises clientes"),
                statement=(
                    "Je sais écouter un client pour comprendre son besoin et lui proposer une "
                    "solution adaptée"
                ),
                example=(
                    "Par exemple : quand un proche me demande conseil pour choisir un ordinateur, "
                    "je lui pose des questions sur son usage avant de proposer un modèle."
                ),
            ),
            Variant(
                when=_re(r"usager"),
                statement=(
                    "Je sais accueillir une personne, l'écouter et lui expliquer clairement ses "
                    "démarches"
                ),
                example=(
                    "Par exemple : j'aide un proche ou un élève plus jeune à remplir un dossier en "
                    "lui expliquant chaque étape."
                ),
            ),
            Variant(
                when=_re(r"mediation"),
                statement=(
                    "Je sais échanger avec des publics très différents et faire le lien entre eux"
                ),
                example=(
                    "Par exemple : quand je représente ma classe, je fais remonter l'avis des "
                    "élèves aux professeurs et j'explique leurs décisions à la classe."
                ),
            ),
            Variant(
                when=_re(r"tourisme"),
                statement=(
                    "Je suis à l'aise dans le contact avec des personnes que je ne connais pas, "
                    "y compris des touristes"
                ),
                example=(
                    "Par exemple : je renseigne volontiers des touristes qui cherchent leur "
                    "chemin, "
                    "même en anglais."
                ),
            ),
            Variant(
                when=_re(r"relation client|services"),
                statement="Je suis à l'aise pour accueillir, écouter et conseiller des clients",
                example=(
                    "Par exemple : lors d'un stage, d'un job d'été ou d'une journée portes "
                    "ouvertes, j'ai accueilli du public et répondu à ses questions."
                ),
            ),
            Variant(
                when=_re(r"\bpme\b|comptabilite"),
                statement=(
                    "Je suis à l'aise dans les échanges avec des interlocuteurs variés (clients, "
                    "fournisseurs, collègues)"
                ),
                example=(
                    "Par exemple : lors d'un stage ou d'un job, j'ai répondu au téléphone ou "
                    "accueilli des clients et des fournisseurs."
                ),
            ),
            Variant(
                alone_only=True,
                statement="Je suis à l'aise dans le contact avec les autres",
                example=(
                    "Par exemple : j'engage facilement la conversation avec une personne que je ne "
                    "connais pas, en stage ou lors d'un événement."
                ),
            ),
        ),
    ),
    Facet(
        name="codes",
        dimension=dim.RIGUEUR,
        trigger=_re(r"comportements? (et (des )?codes )?professionnels|codes professionnels"),
        variants=(
            Variant(
                when=_re(r"image des entreprises"),
                statement=(
                    "Je sais adopter une attitude professionnelle adaptée à l'image d'une "
                    "entreprise (tenue, langage, ponctualité)"
                ),
                example=(
                    "Par exemple : en stage ou lors d'un entretien, je soigne ma tenue, j'arrive à "
                    "l'heure et je vouvoie mes interlocuteurs."
                ),
            ),
            Variant(
                statement=(
                    "Je sais adopter une attitude professionnelle (politesse, tenue, ponctualité)"
                ),
                example=(
                    "Par exemple : en stage ou lors d'un entretien, je soigne ma tenue, j'arrive à "
                    "l'heure et je vouvoie mes interlocuteurs."
                ),
            ),
        ),
    ),
    Facet(
        name="regles",
        dimension=dim.RIGUEUR,
        trigger=_re(r"respecter les regles"),
        variants=(
            Variant(
                statement=(
                    "Je comprends et je respecte les règles d'un lieu de travail (consignes, "
                    "sécurité, horaires)"
                ),
                example=(
                    "Par exemple : en TP ou en stage, je respecte les horaires et les consignes, "
                    "même quand personne ne vérifie."
                ),
            ),
        ),
    ),
    Facet(
        name="numerique",
        dimension=dim.NUMERIQUE,
        trigger=_re(
            r"environnements? numeri|outils numeriques professionnels"
            r"|technologies et des usages informatiques|technologiques et numeriques"
        ),
        variants=(
            Variant(
                when=_re(r"robotis"),
                statement=(
                    "Je suis à l'aise avec les outils numériques et les machines automatisées"
                ),
                example=(
                    "Par exemple : je prends vite en main un nouveau logiciel ou une machine "
                    "programmable en TP (imprimante 3D, robot)."
                ),
            ),
            Variant(
                when=_re(r"evolution constante"),
                statement=(
                    "Je suis à l'aise avec les outils numériques et je m'adapte quand ils changent"
                ),
                example=(
                    "Par exemple : quand une application ou un logiciel change de version, je "
                    "retrouve vite mes repères."
                ),
            ),
            Variant(
                when=_re(r"biodiversite"),
                statement=(
                    "Je sais utiliser des outils numériques pour collecter et partager des "
                    "observations"
                ),
                example=(
                    "Par exemple : j'ai utilisé une application pour identifier des plantes ou des "
                    "oiseaux et partager mes observations."
                ),
            ),
            Variant(
                when=_re(r"concevoir un projet"),
                statement=(
                    "Je sais utiliser des logiciels (cartes, tableurs) pour préparer un projet"
                ),
                example=(
                    "Par exemple : j'utilise un tableur ou une carte en ligne pour préparer une "
                    "sortie ou un projet de classe."
                ),
            ),
            Variant(
                when=_re(r"usages informatiques"),
                statement="Je me tiens au courant des nouveautés en informatique",
                example=(
                    "Par exemple : je lis des articles ou je regarde des vidéos sur les nouvelles "
                    "technologies, les logiciels ou la cybersécurité."
                ),
            ),
            Variant(
                when=_re(r"technologiques et numeriques"),
                statement=(
                    "Je sais utiliser des outils numériques pour traiter des informations "
                    "(tableur, cartes, logiciels)"
                ),
                example=(
                    "Par exemple : je présente des relevés ou des mesures dans un tableur et j'en "
                    "tire un graphique."
                ),
            ),
            Variant(
                statement=(
                    "Je suis à l'aise avec les outils numériques (logiciels, applications, "
                    "services en ligne)"
                ),
                example=(
                    "Par exemple : je prends vite en main un nouveau logiciel ou une application, "
                    "et je sais chercher de l'aide en ligne quand je bloque."
                ),
            ),
        ),
    ),
    Facet(
        name="communication-technique",
        dimension=dim.COMMUNICATION_TECHNIQUE,
        trigger=_re(r"communication technique|pour decrire une idee"),
        variants=(
            Variant(
                when=_re(r"accompagner un processus"),
                statement=(
                    "Je sais expliquer le fonctionnement d'un système ou d'une démarche technique"
                ),
                example=(
                    "Par exemple : j'explique à un camarade les étapes d'un montage ou d'un "
                    "protocole de TP, schéma à l'appui."
                ),
            ),
            Variant(
                statement=(
                    "Je sais expliquer une idée ou une solution technique, à l'oral, à l'écrit ou "
                    "avec un schéma"
                ),
                example=(
                    "Par exemple : en technologie ou en sciences de l'ingénieur, je présente le "
                    "fonctionnement d'un objet avec un croquis légendé."
                ),
            ),
        ),
    ),
    Facet(
        name="essais",
        dimension=dim.SCIENCES,
        trigger=_re(
            r"essais|\btests?\b|simulations|exploiter (des|les) (donnees|informations|resultats)"
            r"|interpreter des informations"
        ),
        variants=(
            Variant(
                when=_re(r"lecture de plans"),
                statement=(
                    "Je sais lire un plan et interpréter des mesures ou des résultats d'essais"
                ),
                example=(
                    "Par exemple : en technologie, je lis un plan coté ou un schéma et je vérifie "
                    "des mesures sur une pièce."
                ),
            ),
            Variant(
                when=_re(r"etudes de terrain"),
                statement=(
                    "Je sais interpréter des informations recueillies sur le terrain ou lors de "
                    "tests"
                ),
                example=(
                    "Par exemple : en SVT, après une sortie, j'analyse les relevés faits sur le "
                    "terrain pour en tirer une conclusion."
                ),
            ),
            Variant(
                when=_re(r"technico"),
                statement=(
                    "Je sais analyser des résultats chiffrés (mesures, coûts, rendements) pour en "
                    "tirer des conclusions"
                ),
                example=(
                    "Par exemple : je compare des résultats présentés dans un tableau ou un "
                    "graphique et j'explique ce qu'ils montrent."
                ),
            ),
            Variant(
                when=_re(r"paysagers"),
                statement=(
                    "Je sais analyser des informations sur un lieu (mesures, plans, observations) "
                    "pour préparer un aménagement"
                ),
                example=(
                    "Par exemple : pour un projet, j'ai relevé les dimensions d'un espace et noté "
                    "son exposition avant de proposer un aménagement."
                ),
            ),
            Variant(
                statement=(
                    "Je sais interpréter les résultats d'une expérience, d'une mesure ou d'un test"
                ),
                example=(
                    "Par exemple : en TP de physique-chimie ou de SVT, je compare mes mesures à ce "
                    "qui était attendu et j'explique les écarts."
                ),
            ),
        ),
    ),
    Facet(
        name="diagnostic",
        dimension=dim.PRATIQUE,
        trigger=_re(r"diagnostic et de maintenance"),
        variants=(
            Variant(
                statement="Je sais chercher méthodiquement d'où vient une panne",
                example=(
                    "Par exemple : quand un appareil ou un vélo ne fonctionne plus, je teste les "
                    "éléments un par un pour trouver la cause."
                ),
            ),
        ),
    ),
    Facet(
        name="disciplines",
        dimension=dim.SCIENCES,
        trigger=_re(
            r"disciplines scientifiques|competences,? scientifiques et technologiques,? en "
            r"particulier"
        ),
        variants=(
            Variant(
                when=_re(r"biolog|sciences de la vie"),
                build=disciplines_statement,
                statement="",
                example=(
                    "Par exemple : en SVT et en physique-chimie, je comprends les notions du cours "
                    "et je réussis les exercices d'application."
                ),
            ),
            Variant(
                when=_re(r"informatique|electroni"),
                build=disciplines_statement,
                statement="",
                example=(
                    "Par exemple : j'ai de bons résultats en mathématiques et en physique-chimie, "
                    "et j'aime comprendre comment fonctionne un circuit ou un programme."
                ),
            ),
            Variant(
                build=disciplines_statement,
                statement="",
                example=(
                    "Par exemple : j'ai des résultats corrects en mathématiques et en "
                    "physique-chimie et je comprends ce que je fais en TP."
                ),
            ),
        ),
    ),
    Facet(
        name="experimental",
        dimension=dim.SCIENCES,
        trigger=_re(r"approche concrete et experimentale"),
        variants=(
            Variant(
                statement=(
                    "Je sais aborder la physique et la chimie de façon concrète, en faisant des "
                    "expériences"
                ),
                example=(
                    "Par exemple : en TP de physique-chimie, je réalise une manipulation en "
                    "suivant un protocole et je fais le lien avec le cours."
                ),
            ),
        ),
    ),
    Facet(
        name="donnees",
        dimension=dim.SCIENCES,
        trigger=_re(r"collecte et d'analyse de donnees"),
        variants=(
            Variant(
                statement=(
                    "Je sais rechercher des informations et analyser des données simples "
                    "(tableaux, graphiques)"
                ),
                example=(
                    "Par exemple : pour un exposé, je cherche des chiffres fiables et je les "
                    "présente dans un tableau ou un graphique."
                ),
            ),
        ),
    ),
    Facet(
        name="gestion",
        dimension=dim.ECONOMIE_DROIT,
        trigger=_re(r"gestion de l'entreprise|donnees de gestion|metiers de la comptabilite"),
        variants=(
            Variant(
                when=_re(r"calculatoires"),
                statement=(
                    "Je suis à l'aise avec les calculs et les chiffres (pourcentages, tableaux, "
                    "budgets)"
                ),
                example=(
                    "Par exemple : je calcule sans difficulté un pourcentage, une remise ou une "
                    "moyenne, et je vérifie mes résultats."
                ),
            ),
            Variant(
                when=_re(r"comptabilite"),
                statement=(
                    "Je suis à l'aise avec les chiffres de la gestion (budgets, factures, comptes)"
                ),
                example=(
                    "Par exemple : je tiens le budget d'un club, d'une sortie ou mon propre budget "
                    "et je vérifie que les comptes sont justes."
                ),
            ),
            Variant(
                statement=("J'ai des notions sur le fonctionnement et la gestion d'une entreprise"),
                example=(
                    "Par exemple : je sais ce que sont un chiffre d'affaires, des charges et un "
                    "bénéfice, grâce à un cours, un stage ou une entreprise de ma famille."
                ),
            ),
        ),
    ),
    Facet(
        name="evaluation-biens",
        dimension=dim.ECONOMIE_DROIT,
        trigger=_re(r"evaluation de biens"),
        variants=(
            Variant(
                statement=(
                    "Je sais observer et comparer des biens (logements, objets) pour en estimer "
                    "la valeur"
                ),
                example=(
                    "Par exemple : je compare les prix de logements ou d'objets d'occasion en "
                    "ligne en tenant compte de leurs caractéristiques."
                ),
            ),
        ),
    ),
    Facet(
        name="analyse",
        dimension=dim.CURIOSITE,
        trigger=_re(r"situations complexes"),
        variants=(
            Variant(
                statement="Je sais analyser une situation compliquée pour en comprendre les enjeux",
                example=(
                    "Par exemple : dans une étude de cas ou un débat, je repère les éléments "
                    "importants et je distingue les faits des opinions."
                ),
            ),
        ),
    ),
    Facet(
        name="culture",
        dimension=dim.CURIOSITE,
        trigger=_re(r"culture generale"),
        variants=(
            Variant(
                when=_re(r"histoire"),
                statement=(
                    "J'ai une bonne culture générale, en particulier en histoire et en géographie"
                ),
                example=(
                    "Par exemple : je suis l'actualité et je lis ou regarde des documentaires sur "
                    "l'histoire et sur d'autres pays."
                ),
            ),
            Variant(
                when=_re(r"milieux naturels"),
                statement=(
                    "J'ai une bonne culture générale sur les milieux naturels et la façon de les "
                    "gérer"
                ),
                example=(
                    "Par exemple : je connais les milieux naturels de ma région (forêt, zone "
                    "humide, littoral) et je suis les débats sur leur protection."
                ),
            ),
            Variant(
                statement="J'ai une bonne culture générale",
                example=(
                    "Par exemple : je suis l'actualité et je lis ou regarde régulièrement des "
                    "articles, des documentaires ou des émissions culturelles."
                ),
            ),
        ),
    ),
    Facet(
        name="manuel",
        dimension=dim.PRATIQUE,
        trigger=_re(r"travail manuel"),
        variants=(
            Variant(
                statement="Je suis à l'aise dans le travail manuel",
                example=(
                    "Par exemple : je bricole, je répare un objet ou je fabrique quelque chose en "
                    "atelier ou à la maison."
                ),
            ),
        ),
    ),
    Facet(
        name="equipements",
        dimension=dim.PRATIQUE,
        trigger=_re(r"determiner les equipements|utilisation d'equipements techniques"),
        variants=(
            Variant(
                when=_re(r"sur le terrain"),
                statement="Je sais utiliser des outils et du matériel technique sur le terrain",
                example=(
                    "Par exemple : j'ai utilisé du matériel de mesure ou d'entretien en extérieur, "
                    "en TP, en stage ou lors d'un chantier de bénévoles."
                ),
            ),
            Variant(
                statement=(
                    "Je sais choisir le matériel adapté à un projet technique et le mettre en œuvre"
                ),
                example=(
                    "Par exemple : pour un projet en technologie, j'ai choisi les composants ou "
                    "les "
                    "outils nécessaires et je les ai installés."
                ),
            ),
        ),
    ),
    Facet(
        name="securite",
        dimension=dim.RIGUEUR,
        trigger=_re(r"regles de securite|en securite"),
        variants=(
            Variant(
                statement="Je respecte les consignes de sécurité quand j'utilise du matériel",
                example=(
                    "Par exemple : en TP ou en atelier, je porte les protections demandées et je "
                    "range le matériel comme prévu."
                ),
            ),
        ),
    ),
    Facet(
        name="rigueur",
        dimension=dim.RIGUEUR,
        trigger=_re(r"\brigueur\b|rigoureu"),
        unless=_re(r"(aisance et rigueur|avec rigueur) (en francais|a l'ecrit)"),
        variants=(
            Variant(
                statement="Je travaille avec rigueur et je soigne les détails",
                example=(
                    "Par exemple : je relis mes copies et je vérifie mes calculs avant de rendre "
                    "un travail."
                ),
            ),
        ),
    ),
    Facet(
        name="curiosite",
        dimension=dim.CURIOSITE,
        trigger=_re(r"curiosite|curieu"),
        variants=(
            Variant(
                statement="J'aime découvrir et apprendre des choses nouvelles",
                example=(
                    "Par exemple : je cherche à en savoir plus sur un sujet vu en cours, par des "
                    "lectures, des vidéos ou des visites."
                ),
            ),
        ),
    ),
    Facet(
        name="creativite",
        dimension=dim.CREATIVITE,
        trigger=_re(r"creativite|\bcreati(f|ve)s?\b|sens artistique"),
        variants=(
            Variant(
                statement="J'ai de l'imagination et des idées créatives",
                example=(
                    "Par exemple : j'ai créé une affiche, un logo, une vidéo ou un décor pour un "
                    "club, une association ou un événement du lycée."
                ),
            ),
        ),
    ),
)

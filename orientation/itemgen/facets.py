"""Skill facets: general keyword rules that turn a skill attendu into items of the item bank.

A facet is one skill a text may name (team work, written expression, English…). It fires when
its `trigger` matches the folded attendu text (lower case, no accents, straight apostrophes:
see `programmes.text.fold`) and its `unless` does not. It then gives the bank items of the first
of its variants whose `when` matches (a variant without `when` always matches). A variant marked
`alone_only` is used only when no other facet fires on the text: "compétences relationnelles"
alone becomes a contact item, but "compétences relationnelles permettant de s'inscrire dans un
travail en équipe" is about team work only.

The rules name **bank keys**, never sentences: every statement is written once, in the bank,
to the editorial standard, so a new attendu that asks for team work gets the very item other
programmes already ask (one sentence, one question, one answer counted everywhere). Keywords
are general (« écoute », « anglais », « rigueur »): a rule that would serve one known text
belongs in the bank as that text's record, not here.

Items come out in the order the text names the skills (position of the first trigger match).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class Variant:
    """The bank items a facet gives when `when` matches the folded text (or always)."""

    items: tuple[str, ...]
    when: re.Pattern[str] | None = None
    alone_only: bool = False


def V(*items: str, when: str | None = None, alone_only: bool = False) -> Variant:
    return Variant(items=items, when=_re(when) if when else None, alone_only=alone_only)


@dataclass(frozen=True)
class Facet:
    """One skill: where a text names it, and the bank items it becomes."""

    name: str
    trigger: re.Pattern[str]
    variants: tuple[Variant, ...]
    unless: re.Pattern[str] | None = None


def F(name: str, trigger: str, *variants: Variant, unless: str | None = None) -> Facet:
    return Facet(
        name=name,
        trigger=_re(trigger),
        variants=variants,
        unless=_re(unless) if unless else None,
    )


# Expression skills often name team work only as their purpose ("s'exprimer … pour s'inscrire
# dans un travail en équipe"): that purpose is not a separate skill to assess.
_TEAM_AS_PURPOSE = r"(ecrit|oral)\w*\b.*\b(pour|perspective)\b.*(equipe|collabor)"
# Written or oral skills named about a foreign language ("à l'oral en langue anglaise", "un
# niveau d'anglais pour échanger à l'oral et à l'écrit") belong to the language facet, not to
# French expression; "expression écrite et orale, y compris en anglais" names both.
_ENGLISH_ORAL = (
    r"oral en langue anglaise|^(?!.*francais)(?:(?!ecrit|oral).)*"
    r"(?:anglais|langues? (?:vivantes?|etrangeres?))"
)
# A school subject named by the text: the generic "matières scientifiques" item is then too vague.
_NAMED_SUBJECT = r"mathemati|physique|chimie|biolog|sciences de la vie"

FACETS: tuple[Facet, ...] = (
    F(
        "ecrit",
        r"\becrites?\b|a l'ecrit|redactionnel|redaction|rediger|^communiquer .*en francais",
        V("argumenter-a-l-ecrit", when=r"argument"),
        V("rediger-des-consignes", when=r"procedures?|consignes|modes? operatoires?"),
        V("ecrire-un-compte-rendu", when=r"rendre compte|comptes? rendus?"),
        V("ecrire-clairement"),
        unless=_ENGLISH_ORAL,
    ),
    F(
        "oral",
        r"\borales?\b|\bl'oral\b|prise de parole|^communiquer .*en francais",
        V("argumenter-a-l-oral", when=r"argument"),
        V("prendre-la-parole-devant-un-groupe", when=r"animation|animer|devant|en public"),
        V("adapter-ma-facon-de-parler", when=r"interlocuteurs|professionnels|clients?\b"),
        V("parler-clairement"),
        unless=_ENGLISH_ORAL,
    ),
    F(
        "langues",
        r"anglais|langues? vivantes?|langues? etrangeres?",
        V("deux-langues-etrangeres", when=r"deux langues"),
        V("lire-un-tutoriel-en-anglais", when=r"documentation|tutoriel|informati"),
        V("comprendre-l-anglais", when=r"comprendre|comprehension|lire"),
        V("une-langue-etrangere", when=r"^(?!.*anglais).*langues? (?:vivantes?|etrangeres?)"),
        V("s-exprimer-en-anglais", "comprendre-l-anglais"),
    ),
    F("decision", r"prise de decisions?|prendre des decisions", V("prendre-une-decision")),
    F("initiative", r"prise d'initiatives?|prendre des initiatives", V("prendre-des-initiatives")),
    F(
        "adaptation",
        r"d'adaptation|s'adapter|adaptabilite",
        V("s-adapter-a-un-nouveau-lieu", when=r"environnement|milieu|lieu|entreprise"),
        V("s-adapter-aux-imprevus"),
        # « s'adapter à un système de production » is knowledge of the system, not adaptability.
        unless=r"s'adapter a (?:un|une|des|le|la|les) (?:systeme|mode|cahier|contexte)",
    ),
    F(
        "organisation",
        r"\borganisation\b|\bautonomie\b|\bautonome\b|s'organiser|gestion du temps",
        V("planifier-avec-des-outils-numeriques", when=r"outils numeriques|logiciels?"),
        V("mener-une-activite-pratique-en-autonomie", when=r"activites pratiques|atelier"),
        V("organiser-mon-travail"),
    ),
    F("risques", r"situations? a risques?|situations? dangereuses?", V("reagir-face-au-danger")),
    F(
        "equipe",
        r"travail(ler)? en (equipe|groupe)|collaborati|collaborer|au sein d'equipes"
        r"|projets? collectifs?|\ben equipe\b|s'integrer dans un travail",
        V(
            "travailler-avec-des-roles-differents",
            when=r"pluri(?:professionnel|disciplinaire)|differents (?:metiers|acteurs)",
        ),
        V("trouver-ma-place-dans-un-groupe", when=r"s'integrer"),
        V("mener-un-projet-en-groupe", when=r"projets?\b"),
        V("travailler-en-equipe"),
        unless=_TEAM_AS_PURPOSE,
    ),
    F(
        "animation",
        r"animation d'(une )?equipes?|animer une equipe|animer un groupe|management des equipes",
        V("animer-un-groupe"),
        unless=r"(ecrit|oral)\w*\b.*\bperspective\b.*animation",
    ),
    F("proposition", r"force de proposition", V("proposer-des-idees-en-groupe")),
    F("ecoute", r"\becoute\b|empathie", V("ecouter-pour-comprendre")),
    F("negociation", r"negoci", V("negocier-un-accord")),
    F("accueil", r"\baccueil|relation a l'usager", V("accueillir-du-public")),
    F("conseil", r"\bconseil(?:ler)?\b|relation client", V("conseiller-selon-le-besoin")),
    F(
        "mediation",
        r"mediation|faire le lien|interface entre",
        V("faire-le-lien-entre-des-personnes"),
    ),
    F(
        "relationnel",
        r"relationnel|contact avec",
        V("adapter-ma-facon-de-parler", when=r"adapter son discours"),
        V("parler-avec-des-inconnus", alone_only=True),
        unless=r"perspective d'une relation clientele",
    ),
    F(
        "codes",
        r"comportements? (et (des )?codes )?professionnels|codes professionnels"
        r"|posture professionnelle",
        V("attitude-professionnelle"),
    ),
    F("regles", r"respecter les regles|respect des regles", V("respecter-les-regles-d-un-lieu")),
    F(
        "numerique",
        r"environnements? numeri|outils? numeriques|usages informatiques|bureautique"
        r"|technologiques et numeriques",
        V("machines-automatiques", when=r"robot|automat"),
        V("calculer-avec-un-tableur", when=r"tableur"),
        V("nouveautes-informatique", when=r"veille|evolution|nouveaute"),
        V("outils-numeriques"),
    ),
    F(
        "communication-technique",
        r"communication technique|decrire une idee|expliquer (?:un|le) fonctionnement",
        V("faire-un-schema", when=r"schema|croquis"),
        V("expliquer-un-systeme-technique"),
    ),
    F(
        "essais",
        r"essais|\btests?\b|simulations|exploiter (des|les) (donnees|informations|resultats)"
        r"|interpreter des (informations|resultats|mesures)|lecture de plans",
        V("lire-un-plan", when=r"lecture de plans|lire (des|un) plans?"),
        V("conclure-d-observations-de-terrain", when=r"terrain"),
        V("analyser-des-chiffres", when=r"chiffr|couts|rendements?"),
        V("interpreter-des-resultats"),
    ),
    F("diagnostic", r"diagnostic|\bpannes?\b|depannage", V("chercher-une-panne")),
    F(
        "sciences",
        r"disciplines scientifiques|matieres scientifiques|enseignements scientifiques"
        r"|competences,? scientifiques",
        V("matieres-scientifiques"),
        # Named subjects are asked one by one; « compétences scientifiques pour interpréter des
        # essais » is about the purpose (the essais facet), not the school subjects.
        unless=_NAMED_SUBJECT + r"|scientifiques (?:et technologiques )?pour ",
    ),
    F("mathematiques", r"mathemati", V("mathematiques")),
    F(
        "physique-chimie",
        # « résistance physique » is stamina, not the school subject.
        r"physique[- ](?:et )?chimie|sciences physiques|\bchimi",
        V("physique-chimie"),
    ),
    F("biologie", r"biologi|sciences de la vie", V("biologie")),
    F(
        "technologie",
        r"disciplines? (?:\w+ )*(?:technologiques|techniques)\b|enseignements technologiques"
        r"|sciences de l'ingenieur|matieres techniques",
        V("matieres-techniques"),
    ),
    F(
        "experimental",
        r"experimental|experimentale|protocoles?\b|travaux pratiques",
        V("experience-avec-protocole"),
    ),
    F(
        "donnees",
        r"(?:collecte|recherche|traitement) (?:et d'analyse )?(?:de |des |d')"
        r"(?:donnees|informations)|rechercher (?:l'|les |des )informations?|se documenter",
        V("trouver-des-informations-fiables", when=r"recherche|collecte|documenter"),
        V("analyser-des-chiffres"),
    ),
    F(
        "gestion",
        r"gestion de l'entreprise|gestion d'(?:une|l') entreprise|donnees de gestion"
        r"|comptabilite|comptable|\bbudget",
        V("chiffres-d-un-budget", when=r"comptab|budget|donnees de gestion"),
        V("gestion-d-une-entreprise"),
    ),
    F(
        "calcul",
        r"\bcalculs?\b|pourcentages?",
        V("pourcentages", when=r"pourcentage|\btaux\b"),
        V("mathematiques"),
    ),
    F(
        "analyse",
        r"situations complexes|esprit d'analyse|capacites? d'analyse",
        V("analyser-une-situation"),
    ),
    F(
        "culture",
        r"culture generale",
        V("culture-histoire-geographie", when=r"histoire"),
        V("milieux-naturels", when=r"milieux naturels"),
        V("culture-generale"),
    ),
    F("manuel", r"travail manuel|habilete manuelle|dexterite", V("travailler-de-mes-mains")),
    F(
        "equipements",
        r"equipements? techniques?|materiels? techniques?|determiner les equipements",
        V("utiliser-du-materiel-en-exterieur", when=r"terrain|exterieur"),
        V("choisir-le-materiel"),
    ),
    F(
        "securite",
        r"regles de securite|en securite|consignes de securite",
        V("se-proteger-avec-un-outil"),
    ),
    F(
        "rigueur",
        r"\brigueur\b|rigoureu|minutie|sens du detail",
        V("verifier-chaque-etape"),
        # « aisance et rigueur à l'écrit » is written expression, not rigour.
        unless=r"(aisance et rigueur|avec rigueur) (en francais|a l'ecrit)",
    ),
    F(
        "curiosite",
        r"curiosite|curieu",
        V("aimer-apprendre"),
        # « curiosité pour la création de sites web » is an interest in that field, not the
        # general wish to learn: left to the taste rules or to an editor.
        unless=r"curiosite (?:et (?:de )?(?:l')?interet )?(?:pour|envers|a l'egard)",
    ),
    F(
        "creativite",
        r"creativite|\bcreati(f|ve)s?\b|sens artistique|imagination",
        V("avoir-de-l-imagination"),
    ),
)


def facet_keys() -> set[str]:
    """Every bank key the facets name (a test checks each is an item of the bank)."""
    return {key for facet in FACETS for variant in facet.variants for key in variant.items}

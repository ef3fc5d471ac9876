"""The editorial standard of a questionnaire item, as checks a machine can run.

docs/items.md states the standard for editors, with good and bad examples from the real data;
this module is its enforceable part. `item_defects()` lists what is wrong with one item (an
empty list: the item meets every checked criterion). The tests run it on every active item of
the bundled catalogue, the drafting of new attendus runs it before showing a draft to students
(a draft with a defect waits for an editor), and the admin shows its findings to editors.

What a machine cannot judge (is the example a situation this student may have lived? does the
statement keep the attendu's meaning?) is the editor's and the independent reader's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from programmes.text import fold

MAX_STATEMENT_WORDS = 20
MAX_EXAMPLE_WORDS = 35
# Share of items that may join two words with « et »/« ou » where the attendu names one idea.
MAX_DOUBLE_BARRELLED = 0.03
EXAMPLE_PREFIX = "Par exemple : "

# Administrative or professional words a 16-year-old does not use; folded, matched on word
# boundaries. Each one was found in items drafted from real attendus.
JARGON: tuple[str, ...] = (
    "process",
    "processus",
    "appetence",
    "valoriser",
    "valorisation",
    "dans leur globalite",
    "enjeux societaux",
    "enjeux",
    "acteurs du territoire",
    "acteurs",
    "pluritechnique",
    "pluridisciplinaire",
    "digital",
    "digitale",
    "et/ou",
    "etc",
    "problematique",
    "problematiques",
    "competences",
    "aptitude",
    "aptitudes",
    "capacites",
    "disposer",
    "afferent",
    "afferents",
    "inherent",
    "inherents",
    "apprehender",
    "mobiliser",
    "mise en oeuvre",
    "en lien avec",
    "dans le cadre de",
    "notamment",
    "demarche",
    "ingenierie",
    "interlocuteurs",
    "operationnel",
    "operationnelle",
    "transversal",
    "transversales",
    "finalite",
    "rigueur scientifique",
    "socio-economique",
    "territoriaux",
    "territorial",
    "filiere",
    "filieres",
)
_JARGON = re.compile(r"(?<![\w/-])(" + "|".join(re.escape(j) for j in JARGON) + r")(?![\w/-])")

# A frame verb of the attendus still in its infinitive: the leftover of a half-rewritten
# sentence ("J'ai l'esprit d'équipe, être capable de…").
_LEFTOVER_INFINITIVE = re.compile(
    r"(?:,|;|:|\bet|\bou)\s+(?:etre|avoir|disposer|posseder|savoir|maitriser|faire preuve|"
    r"manifester|s'interesser|pouvoir|mobiliser|montrer|connaitre|demontrer)\b"
)
_THIRD_PERSON_POSSESSIVE = re.compile(r"\b(son|sa|ses)\b")
_TRAILING_PUNCTUATION = re.compile(r"[.,;:!?…\s]$")

# « délégué(e) », « curieux/se »: a sentence that needs a gender mark is rewritten so that it
# reads the same for everyone.
_INCLUSIVE_MARK = re.compile(r"\w\((?:e|le|ne|se|euse|rice)\)|\w/(?:e|ne|se|euse|rice)\b|·e")

# "Je suis" followed by an adjective that changes with gender ("Je suis curieux") reads wrong
# for half the students: only these words may follow it.
_JE_SUIS = re.compile(r"\bje suis (\S+)")
_JE_SUIS_ALLOWED = frozenset(
    {
        "a",
        "au",
        "en",
        "de",
        "d'",
        "capable",
        "habile",
        "autonome",
        "fiable",
        "calme",
        "efficace",
        "sociable",
        "responsable",
        "rapide",
        "souple",
    }
)

# Interest items say what one would do or look at, not « Je m'intéresse à » + the attendu.
_INTEREST_COPY = re.compile(r"^je m'interesse\b")

# Words that place an example in a lycéen's life: school, stage, club, home, leisure.
LIVED_CONTEXT = re.compile(
    r"\b(cours|classe|lycee|college|tp|exposes?|devoirs?|controle|brevet|bac|eleves?|prof\w*|"
    r"stages?|club|association|benevol\w*|maison|chez moi|famille|parents?|freres?|soeurs?|"
    r"amis?|copains?|voisins?|week-end|vacances|job|sport\w*|equipe|match|atelier|projets?|"
    r"quartier|jardin|potager|cuisine|telephone|ordinateur|internet|videos?|jeux?|"
    r"concert|musee|salon|visite|reportages?|documentaires?|series?|films?|magasin|"
    r"boutique|marche|ferme|exploitation|animaux|animal|camarades?|groupe|emploi du temps|"
    r"fete|spectacle|theatre|musique|voyage|train|bus|ville|commune|mairie|hopital|"
    r"bricol\w*|fabriqu\w*|repar\w*|dessin\w*|photos?|smartphone|appli\w*|logiciel|"
    r"sortie|chantier|garage|scooter|velo|voiture|moto|bateau|plage|mer|foret|nature|"
    r"francais|maths?|mathematiques|svt|physique|chimie|physique-chimie|histoire|geographie|"
    r"histoire-geographie|anglais|espagnol|allemand|italien|langues?|eps|technologie|ses|st2s|"
    r"stmg|sti2d|stl|stav|philo\w*|arts plastiques|sciences|ingenieur|courriels?|messages?|"
    r"tableur|budget|argent de poche|achats?|courses|recettes?|repas|magazines?|journal|"
    r"actualite|emissions?|reseaux sociaux|entreprise|usine|supermarche|caisse|clients?|"
    r"touristes?|camping|colonie|baby-sitting|enfants?|grands-parents|cdi|ent|carte|"
    r"randonnee|promenade|balade|aquarium|plantes?|arbres?|cheval|chevaux|chien|chat)\b"
)

# Words too common to show that an example shares the statement's subject.
_STOP = frozenset(
    [
        "je",
        "j'ai",
        "j'aime",
        "sais",
        "suis",
        "mes",
        "mon",
        "une",
        "des",
        "les",
        "aux",
        "pour",
        "avec",
        "dans",
        "sur",
        "par",
        "que",
        "qui",
        "est",
        "bien",
        "tres",
        "plus",
        "comme",
        "faire",
        "fait",
        "avoir",
        "etre",
        "tout",
        "tous",
        "toutes",
        "quand",
        "aussi",
        "meme",
        "leur",
        "leurs",
        "ce",
        "cette",
        "ces",
        "son",
        "ses",
        "elle",
        "ils",
        "elles",
        "nous",
        "vous",
        "on",
        "moi",
        "toi",
        "lui",
        "chose",
        "choses",
        "facilement",
        "comment",
        "pourquoi",
        "savoir",
        "aime",
        "aimer",
    ]
)


def words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text)


def _stems(text: str) -> set[str]:
    """Word stems for subject overlap: folded, the first five letters of words of 4+ letters."""
    out = set()
    for word in re.findall(r"[a-z0-9]+", fold(text)):
        if len(word) >= 4 and word not in _STOP:
            out.add(word[:5])
    return out


def _outside_parentheses(text: str) -> str:
    return re.sub(r"\([^)]*\)", " ", text)


# Fixed expressions that name one thing although they contain « et »/« ou ».
_ONE_IDEA = re.compile(
    r"hygiene et (?:de )?securite|sante et (?:de )?securite|de a a z|"
    r"plus ou moins|petit a petit|\bet puis\b|entre (?:\w+ ){1,3}et\b|"
    r"a l'ecrit comme a l'oral|de l'idee (?:jusqu')?a la realisation"
)


def is_double_barrelled(statement: str) -> bool:
    """True when the statement joins two things to rate at once (« X et Y », « X, Y »).

    A simple, deliberately strict check: any « et », « ou » or comma outside parentheses and
    outside a fixed expression. The standard allows a few (≤ 3 % of items) where the pair is
    one idea in the attendu; everything else is split.
    """
    text = _ONE_IDEA.sub(" ", fold(_outside_parentheses(statement)))
    return bool(re.search(r"\b(et|ou)\b|,", text))


@dataclass(frozen=True)
class Defect:
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def item_defects(*, statement: str, example: str, kind: str) -> list[Defect]:
    """Every checked criterion the item misses (double-barrelling is counted separately)."""
    defects: list[Defect] = []
    folded = fold(statement)
    if not re.match(r"^(Je |J'|J’)", statement):
        defects.append(Defect("personne", _("ne commence pas par « Je » ou « J' »")))
    count = len(words(statement))
    if count > MAX_STATEMENT_WORDS:
        defects.append(
            Defect(
                "longueur",
                _("%(count)s mots (au plus %(max)s)")
                % {"count": count, "max": MAX_STATEMENT_WORDS},
            )
        )
    for match in _JARGON.finditer(folded):
        defects.append(Defect("jargon", _("« %(word)s »") % {"word": match.group(1)}))
    if _TRAILING_PUNCTUATION.search(statement):
        defects.append(Defect("ponctuation", _("se termine par une ponctuation ou une espace")))
    if _LEFTOVER_INFINITIVE.search(folded):
        defects.append(Defect("infinitif", _("un verbe de l'attendu est resté à l'infinitif")))
    if _THIRD_PERSON_POSSESSIVE.search(folded):
        defects.append(Defect("possessif", _("possessif à la troisième personne (son, sa, ses)")))
    for match in _JE_SUIS.finditer(folded):
        if match.group(1) not in _JE_SUIS_ALLOWED:
            defects.append(
                Defect(
                    "genre",
                    _("« je suis %(word)s » s'accorde en genre") % {"word": match.group(1)},
                )
            )
    if _INCLUSIVE_MARK.search(statement) or _INCLUSIVE_MARK.search(example):
        defects.append(
            Defect("genre", _("marque de genre « (e) » : écrire une phrase sans accord"))
        )
    if kind == "interet" and _INTEREST_COPY.search(folded):
        defects.append(
            Defect(
                "interet",
                _("dit « Je m'intéresse à » au lieu de ce que l'on fait ou regarde"),
            )
        )
    defects.extend(_example_defects(statement=statement, example=example))
    return defects


def _example_defects(*, statement: str, example: str) -> list[Defect]:
    if not example.startswith(EXAMPLE_PREFIX) or len(example) <= len(EXAMPLE_PREFIX) + 10:
        return [Defect("exemple", _("pas d'exemple commençant par « Par exemple : »"))]
    defects = []
    body = fold(example[len(EXAMPLE_PREFIX) :])
    count = len(words(example))
    if count > MAX_EXAMPLE_WORDS:
        defects.append(
            Defect(
                "exemple-longueur",
                _("%(count)s mots (au plus %(max)s)") % {"count": count, "max": MAX_EXAMPLE_WORDS},
            )
        )
    if not LIVED_CONTEXT.search(body):
        defects.append(
            Defect("exemple-concret", _("ne situe pas l'exemple (cours, stage, club, maison…)"))
        )
    if "m'interesse" in body:
        defects.append(Defect("exemple-concret", _("l'exemple dit « je m'intéresse »")))
    if not _stems(statement) & _stems(example):
        defects.append(
            Defect("exemple-sujet", _("l'exemple ne reprend pas le sujet de l'affirmation"))
        )
    if _JARGON.search(body):
        defects.append(Defect("jargon", _("jargon dans l'exemple")))
    return defects


def findings(*, statement: str, example: str, kind: str) -> list[str]:
    """Every defect of an item as text, double-barrelling included (one line each)."""
    found = [str(d) for d in item_defects(statement=statement, example=example, kind=kind)]
    if is_double_barrelled(statement):
        found.append(_("double : deux idées dans une affirmation"))
    return found


def format_defects(item) -> str:
    """One line for editors: « conforme » or what the item misses (an Item or a BankItem)."""
    found = findings(statement=item.statement, example=item.example, kind=item.kind)
    return "; ".join(found) if found else "conforme"

"""Keyword tables for interest and taste items: which example, which dimension.

Both tables are tried in order on the folded text (lower case, no accents); the first rule whose
pattern matches wins, so specific rules come before general ones.
"""

from __future__ import annotations

import re

from orientation import dimensions as dim


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# Interest items ("Je m'intéresse à …"): a real lycée situation showing the interest, per sector.
# A specific keyword (textile, véhicules…) beats a generic one (maintenance, fabrication…, in
# GENERIC_SECTOR_EXAMPLES); among keywords of the same kind, the one named first wins.
SECTOR_EXAMPLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        _re(r"audiovisuel|image et du son"),
        "Par exemple : je tourne ou je monte des vidéos, je participe à un atelier cinéma ou "
        "vidéo, ou je regarde des making-of de films et d'émissions.",
    ),
    (
        _re(r"textile"),
        "Par exemple : je m'intéresse à la fabrication des tissus et des vêtements, je couds "
        "ou je regarde des reportages sur l'industrie de la mode.",
    ),
    (
        _re(r"aeronef|aeronautique"),
        "Par exemple : je m'intéresse aux avions, j'ai visité un aérodrome ou un musée de "
        "l'aviation, ou je pratique le modélisme.",
    ),
    (
        _re(r"vehicules|carrosseries|motorisation"),
        "Par exemple : j'aide à entretenir une voiture, un scooter ou un vélo, et je suis "
        "l'actualité des véhicules électriques et hybrides.",
    ),
    (
        _re(r"nucleaire"),
        "Par exemple : je m'intéresse à la production d'électricité et j'ai regardé des "
        "reportages sur le fonctionnement d'une centrale.",
    ),
    (
        _re(r"navire|naval|maritime|marin|peche|bateaux"),
        "Par exemple : je pratique la voile, le kayak ou la pêche, ou je m'intéresse aux "
        "navires et aux métiers de la mer.",
    ),
    (
        _re(r"aquatique|productions animales ou vegetales en milieu aquatique"),
        "Par exemple : je m'intéresse aux rivières, à la mer et aux poissons, ou je m'occupe "
        "d'un aquarium.",
    ),
    (
        _re(r"restauration|hotellerie"),
        "Par exemple : j'aime cuisiner ou recevoir, ou j'ai fait un stage ou un job d'été dans "
        "un restaurant ou un hôtel.",
    ),
    (
        _re(r"esthetique|cosmetique|parfumerie"),
        "Par exemple : je m'intéresse aux soins de la peau et aux produits cosmétiques, et je "
        "lis leur composition.",
    ),
    (
        _re(r"optique"),
        "Par exemple : je m'intéresse au fonctionnement de l'œil, des lentilles et des "
        "instruments d'optique (appareil photo, microscope).",
    ),
    (
        _re(r"handicap|orthopedi|chaussures"),
        "Par exemple : j'ai déjà aidé une personne en situation de handicap, ou je m'intéresse "
        "au matériel qui facilite la vie des patients (fauteuils, prothèses, semelles).",
    ),
    (
        _re(r"protheses dentaires"),
        "Par exemple : j'aime les travaux minutieux de mes mains (maquettes, modelage, bijoux) "
        "et je m'intéresse à la santé.",
    ),
    (
        _re(r"vigne|viticulture|oenologie|vins|spiritueux"),
        "Par exemple : j'ai participé aux vendanges, visité une exploitation viticole ou une "
        "cave, ou je m'intéresse à la culture de la vigne.",
    ),
    (
        _re(r"monde animal|animaux|elevage|animalerie"),
        "Par exemple : je m'occupe d'animaux, j'ai aidé dans un élevage ou fait un stage dans "
        "une ferme ou une animalerie.",
    ),
    (
        _re(r"alimentaires|alimentation|nutrition|culinaires|gustative"),
        "Par exemple : je lis les étiquettes des aliments, j'aime cuisiner et je m'intéresse à "
        "la façon dont les aliments sont produits.",
    ),
    (
        _re(r"agricol|agricult|agroecologie|agroequipements|vegetal"),
        "Par exemple : j'ai aidé dans une exploitation agricole, je cultive un potager, ou je "
        "suis les débats sur l'agriculture et l'environnement.",
    ),
    (
        _re(r"foret|forestier"),
        "Par exemple : je me promène souvent en forêt, je sais reconnaître quelques arbres, ou "
        "je m'intéresse à la gestion des forêts.",
    ),
    (
        _re(r"paysag|jardin"),
        "Par exemple : j'entretiens un jardin ou des espaces verts, ou j'aime observer comment "
        "les parcs et les jardins sont aménagés.",
    ),
    (
        _re(r"\beaux?\b|hydraulique"),
        "Par exemple : je m'intéresse au trajet de l'eau du robinet, aux rivières ou aux "
        "économies d'eau.",
    ),
    (
        _re(r"proprete|dechets|assainissement"),
        "Par exemple : je m'intéresse au tri et au recyclage des déchets, ou j'ai participé à une "
        "action écocitoyenne au lycée.",
    ),
    (
        _re(r"gestion de la nature|biodiversite|ecosystemes|milieux naturels|espace rural"),
        "Par exemple : je participe à des actions de protection de la nature (nettoyage, "
        "comptage d'oiseaux) ou je suis l'actualité environnementale.",
    ),
    (
        _re(r"geometre|topographique|geosciences|cartographie"),
        "Par exemple : j'aime lire des cartes, utiliser un GPS ou des outils de cartographie en "
        "ligne, et je m'intéresse au terrain.",
    ),
    (
        _re(r"energ"),
        "Par exemple : je m'intéresse aux panneaux solaires, aux pompes à chaleur ou aux "
        "économies d'énergie à la maison.",
    ),
    (
        _re(
            r"batiment|beton|travaux publics|architectures|ouvrages|chantier|installations"
            r"|amenagement du territoire"
        ),
        "Par exemple : j'ai visité un chantier ou un bureau d'études, ou je m'intéresse à la "
        "façon dont les bâtiments et les ponts sont construits.",
    ),
    (
        _re(r"robotique|automatismes|systemes d'information geographique"),
        "Par exemple : j'ai programmé un robot ou une carte Arduino, ou j'ai participé à un "
        "concours de robotique.",
    ),
    (
        _re(
            r"reseaux de communication|cybersecurite|programmation|informati"
            r"|systemes electroniques|systemes embarques"
        ),
        "Par exemple : je programme (Python, Arduino, Scratch), je monte ou je configure des "
        "ordinateurs ou un réseau à la maison.",
    ),
    (
        _re(r"design|culturelle|artistique"),
        "Par exemple : je participe à un atelier d'arts plastiques, de théâtre ou de musique, ou "
        "j'ai aidé à organiser une exposition ou un spectacle.",
    ),
    (
        _re(r"communication|evenements"),
        "Par exemple : je remarque comment les marques et les institutions communiquent, ou je "
        "gère le compte d'un club sur un réseau social.",
    ),
    (
        _re(r"immobilier"),
        "Par exemple : je regarde des annonces immobilières et je m'intéresse aux prix des "
        "logements et aux démarches pour louer ou acheter.",
    ),
    (
        _re(r"securite"),
        "Par exemple : je m'intéresse à la protection des personnes et des biens, ou j'ai aidé à "
        "l'accueil d'un événement sportif ou culturel.",
    ),
    (
        _re(r"transports|logistique"),
        "Par exemple : je m'intéresse à la façon dont les colis et les marchandises voyagent, ou "
        "j'ai fait un job dans un entrepôt ou un magasin.",
    ),
    (
        _re(r"assurance|financier|bancaire"),
        "Par exemple : je m'intéresse à la gestion de l'argent, aux banques et aux assurances, "
        "et je gère mon propre budget.",
    ),
    (
        _re(r"sanitaire et social|usagers"),
        "Par exemple : j'ai aidé un proche dans ses démarches (santé, allocations) ou je "
        "m'intéresse au fonctionnement des hôpitaux et des services sociaux.",
    ),
    (
        _re(r"internationaux|interculturels"),
        "Par exemple : j'ai participé à un échange scolaire ou à un projet avec des élèves "
        "d'autres pays, ou j'ai des correspondants à l'étranger.",
    ),
    (
        _re(r"commerce|commercial|marketing"),
        "Par exemple : j'ai fait un job d'été ou un stage dans la vente, ou je remarque comment "
        "les marques présentent leurs produits en magasin et en ligne.",
    ),
    (
        _re(r"bois"),
        "Par exemple : je bricole ou je fabrique des objets en bois, ou j'ai visité une "
        "menuiserie ou une scierie.",
    ),
    (
        _re(r"operations de mesure"),
        "Par exemple : en TP ou à la maison, j'aime vérifier qu'une mesure est juste et "
        "comprendre d'où viennent les écarts.",
    ),
    (
        _re(
            r"chimie|physique|biotechnolog|laboratoire|diagnostic medical|analyses?\b"
            r"|actualite scientifique"
        ),
        "Par exemple : j'aime les TP de SVT ou de physique-chimie et je suis l'actualité "
        "scientifique (santé, environnement).",
    ),
    (
        _re(r"conception de produits|pluritechn"),
        "Par exemple : j'aime imaginer et dessiner des objets, et j'ai utilisé un logiciel de "
        "modélisation 3D en technologie ou en sciences de l'ingénieur.",
    ),
)

# Generic keywords: used only when no specific one matches.
GENERIC_SECTOR_EXAMPLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        _re(r"maintenance|materiels"),
        "Par exemple : j'aime comprendre pourquoi un appareil tombe en panne, et j'ai déjà "
        "démonté ou réparé un objet (vélo, scooter, appareil électrique).",
    ),
    (
        _re(r"ceramique|plasturgie|metal|materiaux|fabrication|transformation|mecaniques"),
        "Par exemple : j'ai visité une usine ou un atelier, j'aime voir comment les objets sont "
        "fabriqués, ou j'ai réalisé une pièce en cours de technologie.",
    ),
    (
        _re(r"mesure|controle|essai"),
        "Par exemple : en TP ou à la maison, j'aime vérifier qu'une mesure est juste et "
        "comprendre d'où viennent les écarts.",
    ),
    (
        _re(r"laboratoire|analyse|biotechnologie|scientifique|experimentale"),
        "Par exemple : j'aime les TP de SVT ou de physique-chimie et je suis l'actualité "
        "scientifique (santé, environnement).",
    ),
    (
        _re(r"territoire|acteurs"),
        "Par exemple : je participe à la vie de ma commune ou d'une association, ou j'ai aidé à "
        "organiser un événement local.",
    ),
    (
        _re(r"management|gestion|entreprises|organisations"),
        "Par exemple : je suis l'actualité des entreprises, ou j'ai participé à une "
        "mini-entreprise ou à la gestion d'un club au lycée.",
    ),
    (
        _re(r"projet|faisabilite"),
        "Par exemple : j'ai mené un projet de A à Z au lycée (projet technologique, chef-d'œuvre, "
        "mini-entreprise).",
    ),
    (
        _re(r"environnement"),
        "Par exemple : je participe à des actions pour l'environnement ou je suis l'actualité "
        "sur le climat et la biodiversité.",
    ),
)

DEFAULT_SECTOR_EXAMPLE = dim.DIMENSIONS_BY_SLUG[dim.INTERET_SECTEUR].example


# Taste items ("J'aime …"): dimension and example from what the lycéen is said to like.
TASTE_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        _re(r"amenagement du territoire|technologies de (la )?securite"),
        dim.INTERET_SECTEUR,
        "",  # the sector table gives the example
    ),
    (
        _re(r"numerique|ordinateur|digital"),
        dim.NUMERIQUE,
        "Par exemple : j'utilise un logiciel de dessin ou de modélisation 3D, ou j'ai déjà "
        "utilisé une imprimante 3D au lycée ou dans un fablab.",
    ),
    (
        _re(r"experimental|laboratoire|pratique"),
        dim.PRATIQUE,
        "Par exemple : j'attends les séances de TP avec impatience et je suis volontaire pour "
        "manipuler.",
    ),
    (
        _re(r"travail(ler)? en equipe"),
        dim.EQUIPE,
        "Par exemple : je préfère les projets de groupe au travail en solo, et je participe à un "
        "club ou à une équipe.",
    ),
    (
        _re(r"\bdroit\b|juridique"),
        dim.ECONOMIE_DROIT,
        "Par exemple : je suis les débats sur les lois dans l'actualité ou j'aide mes proches à "
        "comprendre un contrat ou un courrier administratif.",
    ),
    (
        _re(r"argument|negoci|conseil|valoris|commercial|client|vente"),
        dim.RELATION,
        "Par exemple : j'ai vendu des objets lors d'une kermesse ou d'un marché, ou j'aime "
        "convaincre mes proches d'essayer un produit que j'apprécie.",
    ),
    (
        _re(r"conduite de projets|mener des projets"),
        dim.ORGANISATION,
        "Par exemple : j'ai mené un projet de A à Z au lycée ou dans une association, de l'idée "
        "jusqu'à la réalisation.",
    ),
    (
        _re(r"creati|artisti"),
        dim.CREATIVITE,
        dim.DIMENSIONS_BY_SLUG[dim.CREATIVITE].example,
    ),
)


def _earliest(folded: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    best: tuple[int, int, str] | None = None
    for index, (pattern, example) in enumerate(table):
        match = pattern.search(folded)
        if match and (best is None or (match.start(), index) < best[:2]):
            best = (match.start(), index, example)
    return best[2] if best else None


def sector_example(folded: str) -> str:
    """The example of the sector keyword named first in the text; specific keywords beat
    generic ones, and the dimension's example is the last resort."""
    return (
        _earliest(folded, SECTOR_EXAMPLES)
        or _earliest(folded, GENERIC_SECTOR_EXAMPLES)
        or DEFAULT_SECTOR_EXAMPLE
    )


def taste_dimension_and_example(folded: str) -> tuple[str, str]:
    """Dimension and example of a taste item, from the first taste rule that matches."""
    for pattern, dimension, example in TASTE_RULES:
        if pattern.search(folded):
            return dimension, example or sector_example(folded)
    return dim.INTERET_SECTEUR, sector_example(folded)

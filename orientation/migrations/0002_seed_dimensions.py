"""Create the questionnaire dimensions (existing rows are kept).

The seed is a frozen copy, written into this migration, of `orientation.dimensions.DIMENSIONS` as
it stood when the migration was written (the stored fields only; `example` is not stored). The
migration must not read the live module: changing it would silently change what this migration
does. A later change of the live texts needs no migration for existing rows (staff edit them in
the admin); `orientation.itemgen.sync.ensure_dimensions()` creates a dimension added later.
"""

from django.db import migrations

# Frozen copy: do not edit (see the module docstring).
DIMENSIONS = (
    {
        "slug": "expression-ecrite",
        "name": "Expression écrite",
        "description": "Rédiger des textes clairs, bien construits et corrects : comptes rendus, courriels, synthèses, argumentations.",
        "advice": "Relis chaque écrit à voix basse : les phrases trop longues et les fautes sautent aux oreilles. Entraîne-toi à résumer un article de presse en dix lignes, puis compare avec l'original. Demande à un professeur de corriger un écrit de plus par trimestre, par exemple une lettre de motivation.",
        "position": 1,
    },
    {
        "slug": "expression-orale",
        "name": "Expression orale",
        "description": "Présenter, expliquer et défendre ses idées à l'oral, devant un groupe ou face à une personne.",
        "advice": "Porte-toi volontaire pour les exposés et prépare-les avec quelques mots-clés plutôt qu'un texte à lire. Entraîne-toi devant un proche ou en te filmant, puis repère ce qui peut être plus clair. Prends la parole dans les débats en classe, même pour une seule idée.",
        "position": 2,
    },
    {
        "slug": "anglais-langues",
        "name": "Anglais et langues étrangères",
        "description": "Comprendre et se faire comprendre en anglais (et parfois dans une autre langue), à l'écrit comme à l'oral.",
        "advice": "Regarde des séries ou des vidéos en anglais avec les sous-titres en anglais, quelques minutes chaque jour. Apprends à te présenter et à décrire ton projet en anglais. Profite des échanges, des assistants de langue ou des applications pour parler régulièrement.",
        "position": 3,
    },
    {
        "slug": "travail-equipe",
        "name": "Travail en équipe",
        "description": "Collaborer sur un projet commun, répartir le travail, animer un groupe, tenir compte des autres.",
        "advice": "Dans le prochain travail de groupe, propose une répartition claire des tâches et un point d'étape. Engage-toi dans un club, une association ou un projet du lycée. Après chaque projet, note ce qui a bien marché dans le groupe et ce que tu ferais autrement.",
        "position": 4,
    },
    {
        "slug": "organisation-autonomie",
        "name": "Organisation et autonomie",
        "description": "Planifier son travail, respecter des délais, prendre des décisions et des initiatives sans attendre qu'on le demande.",
        "advice": "Utilise un agenda (papier ou numérique) et note chaque échéance dès qu'elle est donnée. Découpe les gros travaux en petites étapes datées. Essaie de commencer un devoir ou une révision sans qu'on te le rappelle, et regarde ce qui t'aide à t'y tenir.",
        "position": 5,
    },
    {
        "slug": "sciences-technologies",
        "name": "Sciences et technologies",
        "description": "Les bases en mathématiques, physique-chimie, biologie ou technologie, et le raisonnement scientifique : mesurer, interpréter des résultats, analyser des données.",
        "advice": "Reprends les notions de base qui te posent problème avec des exercices corrigés ou des vidéos pédagogiques. En TP, demande-toi toujours ce que montre le résultat et pourquoi il peut s'écarter de la théorie. Si besoin, demande de l'aide ou un tutorat dès que tu bloques.",
        "position": 6,
    },
    {
        "slug": "communication-technique",
        "name": "Communication technique",
        "description": "Expliquer une idée, un fonctionnement ou une solution technique avec les bons mots, un schéma, un plan ou un croquis.",
        "advice": "Entraîne-toi à expliquer le fonctionnement d'un objet du quotidien en cinq phrases et un schéma légendé. En technologie ou en sciences, soigne tes schémas et le vocabulaire précis. Demande à quelqu'un qui ne connaît pas le sujet si ton explication est claire.",
        "position": 7,
    },
    {
        "slug": "relation-client",
        "name": "Relation client et sens du contact",
        "description": "Accueillir, écouter, conseiller, argumenter et négocier avec des clients, des usagers ou des interlocuteurs variés.",
        "advice": "Cherche des occasions d'être au contact du public : job d'été, bénévolat, accueil lors des portes ouvertes. Entraîne-toi à écouter jusqu'au bout et à reformuler la demande avant de répondre. Observe comment un bon vendeur ou un bon conseiller mène l'échange.",
        "position": 8,
    },
    {
        "slug": "economie-droit-gestion",
        "name": "Économie, droit et gestion",
        "description": "Comprendre le fonctionnement des entreprises, les chiffres de la gestion (coûts, budgets) et les règles de droit qui encadrent les activités.",
        "advice": "Suis l'actualité économique une fois par semaine (journal, podcast, émission). Entraîne-toi aux calculs de pourcentages, de marges et de budgets. Si ton lycée le propose, participe à une mini-entreprise ou choisis un enseignement d'économie ou de droit.",
        "position": 9,
    },
    {
        "slug": "rigueur-regles-securite",
        "name": "Rigueur, règles et sécurité",
        "description": "Respecter les consignes, les règles de sécurité et les codes professionnels, travailler avec soin et précision.",
        "advice": "Avant de rendre un travail, relis-le avec une liste de points à vérifier. En TP ou en atelier, applique chaque consigne de sécurité, même quand personne ne regarde. En stage, observe les habitudes de l'équipe (horaires, tenue, langage) et adopte-les.",
        "position": 10,
    },
    {
        "slug": "travail-pratique",
        "name": "Travail manuel et pratique",
        "description": "Manipuler, fabriquer, réparer, expérimenter en TP ou travailler sur le terrain.",
        "advice": "Multiplie les occasions de faire de tes mains : bricolage, jardinage, réparation, cuisine, fablab. En TP, sois volontaire pour manipuler. Un stage d'observation ou un job d'été dans un atelier ou sur le terrain te montrera si ce rythme te plaît.",
        "position": 11,
    },
    {
        "slug": "creativite",
        "name": "Créativité et sens artistique",
        "description": "Imaginer des idées nouvelles, concevoir des supports visuels, des espaces ou des événements, avoir un regard artistique.",
        "advice": "Garde un carnet où tu notes ou dessines des idées, des images, des lieux qui te plaisent. Participe à un atelier artistique, à un journal ou à la communication d'un club. Visite des expositions et demande-toi ce qui rend un visuel efficace.",
        "position": 12,
    },
    {
        "slug": "numerique",
        "name": "Numérique et informatique",
        "description": "Utiliser avec aisance les outils numériques (logiciels, applications, services en ligne) et s'adapter quand ils évoluent.",
        "advice": "Apprends à bien utiliser un tableur et un traitement de texte, ils servent partout. Quand tu bloques sur un logiciel, cherche l'aide en ligne avant de demander. Essaie un outil nouveau (dessin, montage, programmation) sur un petit projet personnel.",
        "position": 13,
    },
    {
        "slug": "curiosite-adaptation",
        "name": "Curiosité et adaptation",
        "description": "S'intéresser au monde, avoir une bonne culture générale, analyser une situation et s'adapter quand elle change.",
        "advice": "Suis l'actualité régulièrement et note les sujets qui t'étonnent. Lis, regarde des documentaires, visite des lieux que tu ne connais pas. Quand une situation change, prends le temps de comprendre ce qui est attendu avant d'agir.",
        "position": 14,
    },
    {
        "slug": "interet-secteur",
        "name": "Intérêt pour le secteur",
        "description": "L'intérêt pour le domaine précis de la formation : ses métiers, ses produits, ses enjeux.",
        "advice": "Renseigne-toi concrètement : fiches métiers ONISEP, vidéos de professionnels, journées portes ouvertes des établissements qui proposent ce BTS. Si tu peux, fais un stage d'observation ou une immersion pour voir le quotidien du métier. Note ce qui te plaît et ce qui te plaît moins : cela t'aidera aussi pour ton projet de formation motivé.",
        "position": 15,
    },
)


def seed_dimensions(apps, schema_editor):
    Dimension = apps.get_model("orientation", "Dimension")
    for data in DIMENSIONS:
        Dimension.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "description": data["description"],
                "advice": data["advice"],
                "position": data["position"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("orientation", "0001_initial")]

    operations = [migrations.RunPython(seed_dimensions, migrations.RunPython.noop)]

"""Persona benchmark: would a counsellor sign the discovery journey's suggestions?

`benchmarks/personas.toml` holds lycéen profiles and what a counsellor expects for each (written
from the catalogue, before any tuning; never edited to match an output). This script plays each
persona through the public « Quels BTS me correspondent ? » journey with the test client, on a
fresh database holding the bundled catalogue and its items, and reads the ranking the results
page shows (as the student sees it: the page's default filters included).

Each question is answered by a deterministic rule from the persona and the question alone, so
the rule does not depend on how the app builds its questionnaire:

- a question about a field (« Le domaine … m'attire », or any question carrying a `domain`):
  a loved domain « Tout à fait », a liked one « Plutôt », a disliked one « Pas du tout », any
  other « Plutôt pas »;
- any other statement: a word the persona dislikes (`dislike_words`) in it → « Pas du tout »; a
  word they love (`love_words`) → « Tout à fait »; else an interest in a programme's field →
  « Plutôt pas » (not their passion); else by its dimension: `strong` → « Tout à fait »,
  `weak` → « Plutôt pas », others « Plutôt ».

It prints, per persona, the top 10 shown and, overall: hit@5 (at least one `top5_any` programme in
the top 5), recall@10 (share of `top10` found in the top 10) and violations (`never` programmes
in the top 10).

    .venv/bin/python benchmarks/bench_personas.py [--personas FILE] [--only ID] [--quiet]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_TMP = tempfile.TemporaryDirectory(prefix="capbts-personas-")
os.environ["DATABASE_URL"] = f"sqlite:///{_TMP.name}/personas.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientation.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from orientation.models import Response  # noqa: E402
from programmes.models import Domain  # noqa: E402
from programmes.text import fold  # noqa: E402

PERSONAS = ROOT / "benchmarks" / "personas.toml"
CATALOGUE = ROOT / "programmes" / "data" / "onisep"
SECTOR_DIMENSION = "interet-secteur"


@dataclass(frozen=True)
class Persona:
    id: str
    summary: str
    bac: str
    loves: tuple[str, ...]
    likes: tuple[str, ...]
    dislikes: tuple[str, ...]
    love_words: tuple[str, ...]
    dislike_words: tuple[str, ...]
    strong: tuple[str, ...]
    weak: tuple[str, ...]
    top5_any: tuple[str, ...]
    top10: tuple[str, ...]
    never: tuple[str, ...]


def load_personas(path: Path) -> list[Persona]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Persona(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})
        for raw in data["personas"]
    ]


def _contains(text: str, stems: tuple[str, ...]) -> bool:
    folded = fold(text)
    return any(fold(stem) in folded for stem in stems)


def answer(persona: Persona, question: dict, domain_names: dict[int, str]) -> str:
    """The persona's answer code to one question (see the module doc)."""
    domain = question.get("domain")
    if domain is not None:
        name = domain_names.get(domain, "")
        if name in persona.loves:
            return "tout-a-fait"
        if name in persona.likes:
            return "plutot"
        if name in persona.dislikes:
            return "pas-du-tout"
        return "plutot-pas"
    statement = question.get("statement", "")
    if _contains(statement, persona.dislike_words):
        return "pas-du-tout"
    if _contains(statement, persona.love_words):
        return "tout-a-fait"
    dimension = question.get("dimension", "")
    if dimension == SECTOR_DIMENSION:
        return "plutot-pas"
    if dimension in persona.strong:
        return "tout-a-fait"
    if dimension in persona.weak:
        return "plutot-pas"
    return "plutot"


class _RankingLinks(HTMLParser):
    """Programme links inside the results list (`<ol class="ranking">`), in page order."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # > 0 inside the ranking list
        self.slugs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            if tag == "ol":
                self.depth += 1
            href = attrs.get("href") or ""
            match = re.fullmatch(r"/formations/([\w-]+)/", href) if tag == "a" else None
            if match and match.group(1) not in self.slugs:
                self.slugs.append(match.group(1))
        elif tag == "ol" and "ranking" in (attrs.get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag == "ol":
            self.depth -= 1


def shown_ranking(html: str) -> list[str]:
    parser = _RankingLinks()
    parser.feed(html)
    return parser.slugs


def play(client: Client, persona: Persona, domain_names: dict[int, str]) -> tuple[list[str], str]:
    """Play the discovery journey as `persona`: the programme slugs the results page shows, and
    the response token."""
    start = client.post("/decouverte/", {"bac_track": persona.bac})
    if start.status_code != 302:
        raise RuntimeError(f"start: HTTP {start.status_code}")
    url = start["Location"]
    token = url.split("/")[2]
    response = Response.objects.get(token=token)
    for number, step in enumerate(response.questions, start=1):
        data = {q["key"]: answer(persona, q, domain_names) for q in step["questions"]}
        is_last = number == len(response.questions)
        data["action"] = "finish" if is_last else "next"
        reply = client.post(f"/r/{token}/etape/{number}/", data)
        if reply.status_code != 302:
            raise RuntimeError(f"step {number}: HTTP {reply.status_code}")
    page = client.get(f"/r/{token}/")
    if page.status_code != 200:
        raise RuntimeError(f"results: HTTP {page.status_code}")
    return shown_ranking(page.content.decode()), token


def explain(persona: Persona, token: str) -> None:
    """Where the counsellor's expected programmes stand in the stored ranking, and why."""
    ranking = Response.objects.get(token=token).result["ranking"]
    position = {entry["slug"]: (rank, entry) for rank, entry in enumerate(ranking, start=1)}
    for slug in dict.fromkeys([*persona.top5_any, *persona.top10]):
        rank, entry = position.get(slug, (None, {}))
        print(
            f"    attendu : {slug} → rang {rank}, intérêt {entry.get('interest')} "
            f"({entry.get('interest_area')}), évalués {entry.get('assessed')}/"
            f"{entry.get('total')}, bac {'oui' if entry.get('open_to_bac') else 'non'} — "
            f"{entry.get('reason', '')}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personas", type=Path, default=PERSONAS)
    parser.add_argument("--only", help="one persona id")
    parser.add_argument("--quiet", action="store_true", help="figures only")
    parser.add_argument("--explain", action="store_true", help="where expected programmes stand")
    args = parser.parse_args()
    personas = [p for p in load_personas(args.personas) if not args.only or p.id == args.only]

    call_command("migrate", verbosity=0)
    call_command("import_programmes", str(CATALOGUE), verbosity=0)
    call_command("generate_questionnaire_items", verbosity=0)
    setup_test_environment()
    client = Client()
    domain_names = dict(Domain.objects.values_list("pk", "name"))

    hits = violations = 0
    recall_sum = 0.0
    for persona in personas:
        ranking, token = play(client, persona, domain_names)
        top5, top10 = ranking[:5], ranking[:10]
        hit = any(slug in top5 for slug in persona.top5_any)
        found = [slug for slug in persona.top10 if slug in top10]
        bad = [slug for slug in persona.never if slug in top10]
        hits += hit
        recall_sum += len(found) / len(persona.top10)
        violations += len(bad)
        print(
            f"{persona.id:32} hit@5 {'oui' if hit else 'non'}  "
            f"recall@10 {len(found)}/{len(persona.top10)}  violations {len(bad)}"
        )
        if not args.quiet:
            for rank, slug in enumerate(top10, start=1):
                mark = "✓" if slug in persona.top10 or slug in persona.top5_any else " "
                mark = "✗" if slug in persona.never else mark
                print(f"    {rank:2d}. {mark} {slug}")
        if args.explain:
            explain(persona, token)
    count = len(personas)
    print(
        f"\n{count} personas : hit@5 {hits}/{count} ({100 * hits / count:.0f} %), "
        f"recall@10 moyen {100 * recall_sum / count:.0f} %, violations {violations}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

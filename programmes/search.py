"""Catalogue search: what a lycéen types → the published programmes, the most relevant first.

Why an in-process index rather than SQLite FTS5 or PostgreSQL full-text search: the catalogue
is small (123 programmes; 5,000 in the scale benchmark still fit in a few MB), changes only
through imports and staff edits (which bump `CatalogueVersion`), and the search needs things
neither database offers alike — feminine forms of ONISEP titles, typo tolerance, split words,
a staff-edited synonym list, field weights. One Python index, rebuilt once per catalogue version
(`programmes.versioning`), behaves the same on SQLite and PostgreSQL and answers in about a
millisecond; typo tolerance is rapidfuzz's edit distances (C++), not hand-written code.

Relevance, from strong to weak: the sigle (« SIO ») and the exact name, words of the name, the
métiers the fiche lists (both genders), Idéo-Métiers jobs sharing a ROME code with those
métiers, the ONISEP domains, the description. Every word the student typed must be found
somewhere (an exact word, a word start, or the same word with one or two typos); otherwise the
programmes that hold the most of them come, flagged as partial.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from rapidfuzz import process
from rapidfuzz.distance import OSA

from programmes.catalogue import KIND_CODES
from programmes.models import (
    BacTrack,
    Domain,
    Metier,
    Programme,
    ProgrammeMetier,
    SearchSynonym,
)
from programmes.querysets import in_french_order
from programmes.text import fold
from programmes.versioning import per_catalogue_version

# Field weights (see the module docstring); a query word scores the best field it is found in.
SIGLE = 100.0
NAME = 30.0
METIER = 16.0
RELATED_JOB = 8.0
DOMAIN = 6.0
DESCRIPTION = 1.5
# A field at least this strong means the programme really is about what was typed; below it
# (domain, description) the words only appear around it.
STRONG = RELATED_JOB

# How well a query word matches an indexed word.
EXACT = 1.0
WORD_START = 0.75
TYPO = {1: 0.6, 2: 0.4}
MIN_WORD_START = 3  # « inf » already narrows; « in » does not
MIN_TYPO_LENGTH = 5  # one typo in « sport » is allowed; in « mode » it makes another word
TWO_TYPOS_LENGTH = 8

# Words that carry no meaning in a search for a programme.
_STOPWORDS_TEXT = (
    "a au aux avec ce ces d dans de des devenir du en est et etre faire formation j je l "
    "la le les leur ma mes metier mon option ou par plus pour qu que qui sa se ses son sur ta "
    "te tes ton travailler un une veux voudrais"
)
# The catalogue's kinds typed as words: « bts sio » means SIO (every kind is a BTS, the first
# word is no filter), « btsa » means the BTSA only.
_KIND_WORDS = {code.lower(): code for code in KIND_CODES}
GENERIC_KIND = KIND_CODES[0]
STOPWORDS = frozenset(_STOPWORDS_TEXT.split(" ")) | {GENERIC_KIND.lower()}

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Folded words of a text (accents, case, apostrophes and hyphens ignored), plural -s
    dropped so that « analyses » finds « analyse »."""
    return [_singular(word) for word in _WORD.findall(fold(text))]


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _joined_words(text: str) -> list[str]:
    """« e-commerce » → « ecommerce », « bio-analyses » → « bioanalyse »: a student types
    them either way."""
    return [
        _singular(re.sub(r"[^a-z0-9]", "", chunk))
        # Apostrophes are elisions (« d'e-commerce »): only hyphens join.
        for chunk in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", fold(text).replace("'", " "))
    ]


# --- Feminine and masculine forms of ONISEP job titles ---------------------------------------

_SLASHED = re.compile(r"(\w[\w-]*)/(\w+)")


def _feminine(masculine: str, ending: str) -> str:
    """ONISEP's « masculine/ending »: « technicien/ne » → « technicienne », « chef/fe » →
    « cheffe », « vendeur/euse » → « vendeuse », « conseiller/ère » → « conseillère »,
    « directeur/trice » → « directrice », « agent/e » → « agente »."""
    if masculine.endswith("teur") and ending in ("rice", "trice"):
        return masculine[:-4] + "trice"
    if ending[0] == masculine[-1] or len(ending) == 1:
        return masculine + ending  # a doubled consonant, or a plain -e
    if fold(ending[0]) == "e":
        cut = masculine.rfind("e")
        if cut > 0:
            return masculine[:cut] + ending
    return masculine + ending


def title_forms(title: str) -> list[str]:
    """Every way a job title is read: « esthéticien/ne » → the masculine and the feminine
    title; « avocat / avocate » → both sides."""
    forms = []
    for side in (part.strip() for part in re.split(r"\s/\s", title)):
        if not side:
            continue
        masculine = _SLASHED.sub(lambda m: m.group(1), side)
        feminine = _SLASHED.sub(lambda m: _feminine(m.group(1), m.group(2)), side)
        forms.extend(dict.fromkeys((masculine, feminine)))
    return forms


# --- The index ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """What filtering and ranking need of a published programme (and links to it)."""

    pk: int
    name: str
    slug: str
    kind: str
    bac_codes: frozenset[str]
    domain_slugs: frozenset[str]  # its sub-domains and their parents
    name_words: tuple[str, ...]
    phrases: tuple[str, ...]  # name and métier titles as word sequences, for phrase matches

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class Job:
    """An Idéo-Métiers job no published programme prepares for."""

    title: str
    onisep_url: str
    domain_slugs: frozenset[str]  # sub-domains (ONISEP's "domaine/sous-domaine")
    field_slugs: frozenset[str]  # their top-level domains
    words: tuple[str, ...]


@dataclass
class SearchIndex:
    entries: dict[int, Entry]
    alphabetical: list[int]  # published programmes in French alphabetical order
    rank: dict[int, int]  # programme → its place in that order (ties of relevance)
    postings: dict[str, dict[int, float]]  # word → programme → best field weight
    vocabulary: list[str]  # sorted, for word starts
    # word length → the words a typo can reach from a word of that length (an edit distance
    # is at least the difference of lengths): typo matching compares with these only.
    typo_candidates: dict[int, list[str]]
    synonyms: dict[str, list[list[str]]]
    jobs_elsewhere: list[Job]  # shortest title first, then alphabetical
    job_words: dict[str, frozenset[int]]  # word → positions in jobs_elsewhere holding it
    # The catalogue form's choices: every bac track, the top-level domains holding a published
    # programme (French order).
    bac_tracks: list[BacTrack]
    top_domains: list[Domain]


# A programme about what was typed says it in several places (name, métiers, description):
# the best field counts whole, each other field a fifth of its weight.
OTHER_FIELDS = 0.2


@dataclass
class _Builder:
    # word → programme → field weight → 1 (a set, as a dict that keeps insertion order)
    fields: dict[str, dict[int, dict[float, int]]] = field(default_factory=dict)

    def add(self, pk: int, text: str, weight: float) -> None:
        for word in (*words(text), *_joined_words(text)):
            if word in STOPWORDS or len(word) < 2:
                continue
            self.fields.setdefault(word, {}).setdefault(pk, {})[weight] = 1

    def postings(self) -> dict[str, dict[int, float]]:
        return {
            word: {
                pk: max(weights) + OTHER_FIELDS * (sum(weights) - max(weights))
                for pk, weights in by_programme.items()
            }
            for word, by_programme in self.fields.items()
        }


def _domain_slugs_by_label(domains: Iterable[Domain]) -> dict[tuple[str, str], str]:
    """(folded parent name, folded sub-domain name) → sub-domain slug, and (folded name, "")
    → top-level domain slug."""
    known = {}
    for domain in domains:
        if domain.parent_id:
            known[(fold(domain.parent.name), fold(domain.name))] = domain.slug
            known[(fold(domain.parent.name), "")] = domain.parent.slug
        else:
            known[(fold(domain.name), "")] = domain.slug
    return known


def _job_domains(
    label: str, known: dict[tuple[str, str], str]
) -> tuple[frozenset[str], frozenset[str]]:
    """ONISEP's « santé, social, sport/médical | … » as the catalogue's sub-domain slugs and
    top-level domain slugs."""
    subs, tops = set(), set()
    for part in label.split("|"):
        top, _sep, sub = part.strip().partition("/")
        top, sub = fold(top.strip()), fold(sub.strip())
        if (top, sub) in known:
            subs.add(known[(top, sub)])
        if (top, "") in known:
            tops.add(known[(top, "")])
    return frozenset(subs), frozenset(tops)


def build_index() -> SearchIndex:
    """The published catalogue's search index, read from the database (constant queries)."""
    programmes = (
        Programme.objects.published()
        .only("pk", "name", "slug", "sigle", "kind", "description", "search_text")
        .prefetch_related(
            Prefetch("domains", queryset=Domain.objects.select_related("parent")),
            "bac_tracks",
            Prefetch(
                "programme_metiers",
                queryset=ProgrammeMetier.objects.select_related("metier").only(
                    "programme_id", "name", "metier__name", "metier__rome_code"
                ),
            ),
        )
        .order_by("search_text", "name", "pk")
    )
    builder = _Builder()
    entries: dict[int, Entry] = {}
    used_domains: dict[int, Domain] = {}
    by_rome: dict[str, set[int]] = {}
    linked_jobs: set[str] = set()
    for programme in programmes:
        pk = programme.pk
        builder.add(pk, programme.sigle, SIGLE)
        builder.add(pk, programme.name, NAME)
        name_words = tuple(w for w in words(programme.name) if w not in STOPWORDS)
        phrases = [" ".join(name_words)]
        for row in programme.programme_metiers.all():
            titles = [row.name] + ([row.metier.name] if row.metier else [])
            for title in titles:
                for form in title_forms(title):
                    builder.add(pk, form, METIER)
                    phrases.append(" ".join(words(form)))
            if row.metier:
                linked_jobs.add(fold(row.metier.name))
                if row.metier.rome_code:
                    by_rome.setdefault(row.metier.rome_code, set()).add(pk)
        domain_slugs = set()
        for domain in programme.domains.all():
            used_domains[domain.pk] = domain
            builder.add(pk, domain.name, DOMAIN)
            domain_slugs.add(domain.slug)
            if domain.parent_id:
                builder.add(pk, domain.parent.name, DOMAIN)
                domain_slugs.add(domain.parent.slug)
        builder.add(pk, programme.description, DESCRIPTION)
        entries[pk] = Entry(
            pk=pk,
            name=programme.name,
            slug=programme.slug,
            kind=programme.kind,
            bac_codes=frozenset(track.code for track in programme.bac_tracks.all()),
            domain_slugs=frozenset(domain_slugs),
            name_words=name_words,
            phrases=tuple(dict.fromkeys(p for p in phrases if p)),
        )

    # Idéo-Métiers jobs no fiche lists: a shared ROME code ties them to the programmes whose
    # fiche lists a job of that code; the others are prepared elsewhere.
    known_domains = _domain_slugs_by_label(used_domains.values())
    elsewhere: list[Job] = []
    for job in Metier.objects.only("name", "rome_code", "domain_label", "onisep_url"):
        if fold(job.name) in linked_jobs:
            continue
        prepared_by = by_rome.get(job.rome_code, set()) if job.rome_code else set()
        for pk in prepared_by:
            for form in title_forms(job.name):
                builder.add(pk, form, RELATED_JOB)
        if not prepared_by:
            subs, tops = _job_domains(job.domain_label, known_domains)
            for form in title_forms(job.name):
                elsewhere.append(
                    Job(
                        title=form,
                        onisep_url=job.onisep_url,
                        domain_slugs=subs,
                        field_slugs=tops,
                        words=tuple(w for w in words(form) if w not in STOPWORDS),
                    )
                )

    synonyms: dict[str, list[list[str]]] = {}
    for synonym in SearchSynonym.objects.all():
        key = "".join(words(synonym.word))
        meanings = [words(m) for m in synonym.meanings.split(",")]
        synonyms[key] = [m for m in meanings if m]
    postings = builder.postings()
    elsewhere.sort(key=lambda job: (len(job.words), job.title))
    job_words: dict[str, set[int]] = {}
    for position, job in enumerate(elsewhere):
        for word in job.words:
            job_words.setdefault(word, set()).add(position)
    return SearchIndex(
        entries=entries,
        alphabetical=list(entries),
        rank={pk: rank for rank, pk in enumerate(entries)},
        postings=postings,
        vocabulary=sorted(postings),
        typo_candidates=_typo_candidates(postings),
        synonyms=synonyms,
        jobs_elsewhere=elsewhere,
        job_words={word: frozenset(positions) for word, positions in job_words.items()},
        bac_tracks=list(BacTrack.objects.all()),
        top_domains=in_french_order({domain.top for domain in used_domains.values()}),
    )


def _typo_candidates(vocabulary: Iterable[str]) -> dict[int, list[str]]:
    typable = [term for term in vocabulary if len(term) >= MIN_TYPO_LENGTH]
    longest = max((len(term) for term in typable), default=0)
    candidates = {}
    for length in range(MIN_TYPO_LENGTH, longest + 3):
        limit = _typo_limit(length)
        candidates[length] = [term for term in typable if abs(len(term) - length) <= limit]
    return candidates


def _typo_limit(length: int) -> int:
    """How many typos a word of this length may hold (0 below MIN_TYPO_LENGTH)."""
    if length >= TWO_TYPOS_LENGTH:
        return 2
    return 1 if length >= MIN_TYPO_LENGTH else 0


def current_index() -> SearchIndex:
    return per_catalogue_version("search-index", build_index)


# --- Searching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    query: str = ""
    bac: str = ""
    domain: str = ""
    kind: str = ""


@dataclass
class Outcome:
    """Ranked programme ids and what the page should explain."""

    pks: list[int]
    partial: bool = False  # no programme holds every word: those holding the most come
    job: Job | None = None  # the query names a job no BTS prepares for
    nearest: list[int] = field(default_factory=list)  # programmes of that job's field


def _match_word(index: SearchIndex, word: str) -> dict[int, float]:
    """Programme → score of one query word: exact, word start or typo, best field."""
    scores: dict[int, float] = {}

    def take(term: str, quality: float) -> None:
        for pk, weight in index.postings.get(term, {}).items():
            score = weight * quality
            if scores.get(pk, 0.0) < score:
                scores[pk] = score

    take(word, EXACT)
    if len(word) >= MIN_WORD_START:
        start = bisect.bisect_left(index.vocabulary, word)
        for term in index.vocabulary[start:]:
            if not term.startswith(word):
                break
            if term != word:
                take(term, WORD_START)
    limit = _typo_limit(len(word))
    if limit:
        # Words longer than any indexed word by more than two letters reach none.
        candidates = index.typo_candidates.get(len(word), [])
        for term, distance, _position in process.extract(
            word, candidates, scorer=OSA.distance, score_cutoff=limit, limit=None
        ):
            if distance:
                take(term, TYPO[int(distance)])
    return scores


def _all_of(matches: Iterable[dict[int, float]]) -> dict[int, float]:
    """Programmes matching every part, with the mean of their scores."""
    matches = list(matches)
    if not matches:
        return {}
    common = set(matches[0]).intersection(*matches[1:])
    return {pk: sum(m[pk] for m in matches) / len(matches) for pk in common}


def _best_of(matches: Iterable[dict[int, float]]) -> dict[int, float]:
    best: dict[int, float] = {}
    for match in matches:
        for pk, score in match.items():
            if best.get(pk, 0.0) < score:
                best[pk] = score
    return best


def _match_slot(index: SearchIndex, word: str) -> dict[int, float]:
    """A query word with its synonyms (« compta » also reads « comptabilité »)."""
    alternatives = [_match_word(index, word)]
    for meaning in index.synonyms.get(word, []):
        alternatives.append(_all_of(_match_word(index, w) for w in meaning))
    return _best_of(alternatives)


def _slots(index: SearchIndex, query_words: list[str]) -> list[dict[int, float]]:
    """One match per query word; two words typed apart that the catalogue writes as one
    (« aero nautique », « e commerce ») count as that word when it exists."""
    slots: list[dict[int, float]] = []
    position = 0
    while position < len(query_words):
        word = query_words[position]
        if position + 1 < len(query_words):
            joined = word + query_words[position + 1]
            if joined in index.postings or index.synonyms.get(joined):
                slots.append(_match_slot(index, joined))
                position += 2
                continue
        if len(word) >= 2 and word not in STOPWORDS:
            slots.append(_match_slot(index, word))
        position += 1
    return slots


def _phrase_bonus(entry: Entry, phrase: str) -> float:
    """A query typed as the catalogue writes it (the whole name, a whole job title) first."""
    if phrase == entry.phrases[0]:
        return SIGLE
    if " " not in phrase:
        return 0.0  # one word: its own match already counted it
    padded = f" {phrase} "
    if padded in f" {entry.phrases[0]} ":
        return NAME
    if any(padded in f" {p} " for p in entry.phrases[1:]):
        return METIER
    return 0.0


def _phrases(index: SearchIndex, words_typed: list[str], *, limit: int = 8) -> list[str]:
    """The typed words as a phrase, and as the phrases their synonyms stand for: « btp » is
    also « batiment » and « travaux public », so the programme named so gets the bonus of an
    exact name."""
    choices = [
        [word, *(" ".join(meaning) for meaning in index.synonyms.get(word, []))]
        for word in words_typed
    ]
    return [" ".join(variant) for variant in itertools.islice(itertools.product(*choices), limit)]


def _job_elsewhere(index: SearchIndex, wanted: list[str], *, exact: bool) -> Job | None:
    """The shortest job title no programme prepares that holds every typed word (is exactly
    the typed words, with `exact`)."""
    if not wanted:
        return None
    holding = frozenset.intersection(*(index.job_words.get(w, frozenset()) for w in wanted))
    # Positions follow (length, title): the first that qualifies is the shortest title.
    for position in sorted(holding):
        job = index.jobs_elsewhere[position]
        if not exact or list(job.words) == wanted:
            return job
    return None


def _nearest(index: SearchIndex, job: Job, eligible: list[int], *, limit: int = 3) -> list[int]:
    """Published programmes closest to a job's field: sharing its ONISEP sub-domains first,
    then its top-level domains."""
    closeness = [
        (
            2 * len(job.domain_slugs & index.entries[pk].domain_slugs)
            + len(job.field_slugs & index.entries[pk].domain_slugs),
            rank,
        )
        for rank, pk in enumerate(eligible)
    ]
    best = sorted((-score, rank) for score, rank in closeness if score)
    return [eligible[rank] for _score, rank in best[:limit]]


def search(index: SearchIndex, filters: Filters) -> Outcome:
    """The programmes to list for a query and filters, most relevant first (alphabetical
    without a query)."""
    kind = filters.kind
    raw_words = words(filters.query)
    named = {_KIND_WORDS[w] for w in raw_words if w in _KIND_WORDS} - {GENERIC_KIND}
    if len(named) == 1 and not kind:
        kind = named.pop()
    eligible = (
        index.alphabetical
        if not (filters.bac or filters.domain or kind)
        else [
            pk
            for pk in index.alphabetical
            if (not filters.bac or filters.bac in index.entries[pk].bac_codes)
            and (not filters.domain or filters.domain in index.entries[pk].domain_slugs)
            and (not kind or index.entries[pk].kind == kind)
        ]
    )
    query_words = [w for w in raw_words if w not in _KIND_WORDS]
    slots = _slots(index, query_words)
    if not slots:
        return Outcome(pks=eligible)
    allowed = set(eligible)
    totals: dict[int, float] = {}
    hits: dict[int, int] = {}
    strongest: dict[int, float] = {}
    for slot in slots:
        for pk, score in slot.items():
            if pk in allowed:
                totals[pk] = totals.get(pk, 0.0) + score
                hits[pk] = hits.get(pk, 0) + 1
                strongest[pk] = max(strongest.get(pk, 0.0), score)
    most = max(hits.values(), default=0)
    phrases = _phrases(index, [w for w in query_words if w not in STOPWORDS])
    chosen = [pk for pk, count in hits.items() if count == most]
    for pk in chosen:
        totals[pk] += max(_phrase_bonus(index.entries[pk], phrase) for phrase in phrases)
    chosen.sort(key=lambda pk: (-totals[pk], index.rank[pk]))
    outcome = Outcome(pks=chosen, partial=bool(chosen) and most < len(slots))

    # A job no BTS prepares for: say so when it is exactly what was typed, or when no
    # programme is really about what was typed.
    wanted = [w for w in query_words if w not in STOPWORDS and len(w) >= 2]
    job = _job_elsewhere(index, wanted, exact=True)
    if job is None and (
        outcome.partial or not any(strongest[pk] >= STRONG * WORD_START for pk in chosen)
    ):
        job = _job_elsewhere(index, wanted, exact=False)
    if job is not None:
        outcome.job = job
        outcome.nearest = _nearest(index, job, eligible)
    return outcome

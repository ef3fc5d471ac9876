"""The `orientation` models, one module per subject:

- `content`: questionnaire content (dimensions, items, their links to attendus);
- `journey`: what a lycéen's self-assessment stores (cohorts, responses, counsellor notes);
- `counters`: the submission rate limit's counters.
"""

from orientation.models.content import (
    QUEUE_STATUSES,
    SHOWN_STATUSES,
    AttenduItem,
    Dimension,
    InterestArea,
    Item,
    ItemKind,
    ItemQuerySet,
    ProgrammeInterest,
    ReviewStatus,
)
from orientation.models.counters import SubmissionCounter
from orientation.models.journey import (
    COHORT_CODE_ALPHABET,
    COHORT_CODE_LENGTH,
    RETENTION_DAYS,
    Cohort,
    CohortQuerySet,
    CounsellorNote,
    Response,
    ResponseQuerySet,
    ResultFact,
    first_suggestions,
    new_cohort_code,
    new_response_token,
    normalise_cohort_code,
    result_facts,
    result_summary,
    spaced_code,
    unique_cohort_code,
)

__all__ = [
    "COHORT_CODE_ALPHABET",
    "COHORT_CODE_LENGTH",
    "QUEUE_STATUSES",
    "RETENTION_DAYS",
    "SHOWN_STATUSES",
    "AttenduItem",
    "Cohort",
    "CohortQuerySet",
    "CounsellorNote",
    "Dimension",
    "InterestArea",
    "Item",
    "ItemKind",
    "ItemQuerySet",
    "ProgrammeInterest",
    "Response",
    "ResponseQuerySet",
    "ResultFact",
    "ReviewStatus",
    "SubmissionCounter",
    "first_suggestions",
    "new_cohort_code",
    "new_response_token",
    "normalise_cohort_code",
    "result_facts",
    "result_summary",
    "spaced_code",
    "unique_cohort_code",
]

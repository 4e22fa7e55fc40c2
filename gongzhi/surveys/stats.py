"""Survey statistics: shares with their sample size and a 95 % Wilson score interval, which
stays inside [0, 1] and is honest for small samples and for rates near 0 or 100 %."""

import math
from dataclasses import dataclass

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Rate:
    positive: int
    total: int

    @property
    def share(self) -> float | None:
        return self.positive / self.total if self.total else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.positive, self.total)

    @property
    def percent(self) -> str:
        return percent(self.share)

    @property
    def interval_text(self) -> str:
        bounds = self.interval
        return f"{percent(bounds[0])}–{percent(bounds[1])}" if bounds else ""


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def wilson(positive: int, total: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of `positive` out of `total` (None without a sample)."""
    if total <= 0:
        return None
    if not 0 <= positive <= total:
        raise ValueError("positive must lie between 0 and total")
    p = positive / total
    z2 = z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / (1 + z2 / total)
    low = 0.0 if positive == 0 else max(0.0, centre - half)  # exact at the ends, where the
    high = 1.0 if positive == total else min(1.0, centre + half)  # float sum is off by 1e-19
    return low, high


@dataclass
class OptionCount:
    label: str
    count: int
    share: float | None


@dataclass
class QuestionStats:
    question: object
    answered: int
    options: list[OptionCount]
    mean: float | None
    rate: Rate | None
    by_place: dict  # unit name → Rate, for questions with a rate


def survey_statistics(survey, by: str = "community") -> list[QuestionStats]:
    """Per question: answers, option counts, mean score, rate with its interval, and the rate
    by community (or grid). One pass over the survey's answers."""
    from gongzhi.surveys.models import Answer, Question

    questions = list(survey.questions.all())
    rows = Answer.objects.filter(response__survey=survey).values_list(
        "question_id", "choices", "score", "positive", f"response__{by}__name"
    )
    collected = {question.pk: [] for question in questions}
    for question_id, *answer in rows.iterator():
        collected[question_id].append(answer)
    return [_question_stats(question, collected[question.pk], Question) for question in questions]


def _question_stats(question, answers, Question) -> QuestionStats:
    answered = len(answers)
    options, mean = [], None
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        counts = [0] * len(question.choices)
        for choices, *_rest in answers:
            for number in choices:
                counts[number - 1] += 1
        options = [
            OptionCount(label, count, count / answered if answered else None)
            for label, count in zip(question.choices, counts, strict=True)
        ]
    elif question.kind == Question.Kind.SCALE:
        scores = [score for _choices, score, *_rest in answers]
        mean = sum(scores) / answered if answered else None
        options = [
            OptionCount(
                str(value),
                scores.count(value),
                scores.count(value) / answered if answered else None,
            )
            for value in range(1, 6)
        ]
    rate, by_place = None, {}
    if question.has_rate:
        places = {}
        for *_values, positive, place in answers:
            hits, total = places.get(place or "—", (0, 0))
            places[place or "—"] = (hits + bool(positive), total + 1)
        rate = Rate(sum(hits for hits, _total in places.values()), answered)
        by_place = {place: Rate(*pair) for place, pair in sorted(places.items())}
    return QuestionStats(question, answered, options, mean, rate, by_place)

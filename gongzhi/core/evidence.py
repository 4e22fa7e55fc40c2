"""Kinds of record that can be cited as evidence (a report, an activity, a survey, a service
project …): a registry apps fill in their `AppConfig.ready`, so a module that cites evidence
(evaluation) reads records of kinds it does not know, and later modules plug theirs in.

    register_evidence_kind("surveys.survey", label, "surveys.Survey", unit_lookup="unit")

A kind names a scoped model; every read goes through `.visible_to(user)`.
"""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class EvidenceKind:
    name: str
    label: str
    model_label: str  # "app_label.Model", resolved when read
    unit_lookup: str  # the lookup of the unit a record belongs to (to offer a unit's records)
    order_by: tuple = ("-pk",)

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def visible(self, user):
        return self.model.objects.visible_to(user)

    def of_unit(self, user, unit):
        """The user's visible records of this kind in the unit's subtree, newest first."""
        lookup = {f"{self.unit_lookup}__path__startswith": unit.path}
        return self.visible(user).filter(**lookup).order_by(*self.order_by)


EVIDENCE_KINDS: dict[str, EvidenceKind] = {}


def register_evidence_kind(
    name: str, label, model_label: str, *, unit_lookup: str = "unit", order_by=("-pk",)
) -> None:
    if name in EVIDENCE_KINDS:
        raise ValueError(f"evidence kind {name!r} is registered twice")
    EVIDENCE_KINDS[name] = EvidenceKind(name, label, model_label, unit_lookup, tuple(order_by))


def evidence_kind(name: str) -> EvidenceKind | None:
    return EVIDENCE_KINDS.get(name)


def evidence_kinds() -> list[EvidenceKind]:
    return list(EVIDENCE_KINDS.values())

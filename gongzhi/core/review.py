"""Review chains as data, for any record a unit writes and others decide on.

A record (a report) is submitted into a chain of reviewing units, worked out once at submission
and stored as stage rows; each stage approves it (on to the next stage, or accepted and locked
at the last) or sends it back to its writers with a required comment; they change it and
resubmit. Every step is an event row and an audit entry, in one transaction.

A `ReviewFlow` names the models (the record, its stages, its events), the permissions of the
writers and the reviewers, and how the chain is worked out. Deciding (who reviews now) and
filtering (what awaits me) both read the stored stages.

Separation of duties: nobody decides a record of their own unit, nor one they wrote or
submitted, even when they also hold a reviewing seat at the stage.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.roles import ROLE_SPECS, Perm


class ReviewState(models.TextChoices):
    DRAFT = "draft", gettext_lazy("草稿")
    PENDING = "pending", gettext_lazy("待审核")
    RETURNED = "returned", gettext_lazy("已退回")
    APPROVED = "approved", gettext_lazy("已通过")


class ReviewStep(models.TextChoices):
    SUBMIT = "submit", gettext_lazy("提交")
    APPROVE = "approve", gettext_lazy("审核通过")
    RETURN = "return", gettext_lazy("退回")


# (state, step) → state after it; approving before the last stage keeps the record pending.
TRANSITIONS = {
    (ReviewState.DRAFT, ReviewStep.SUBMIT): ReviewState.PENDING,
    (ReviewState.RETURNED, ReviewStep.SUBMIT): ReviewState.PENDING,
    (ReviewState.PENDING, ReviewStep.APPROVE): ReviewState.APPROVED,
    (ReviewState.PENDING, ReviewStep.RETURN): ReviewState.RETURNED,
}
EDITABLE_STATES = frozenset({ReviewState.DRAFT, ReviewState.RETURNED})


def state_after(state: str, step: str, state_label: str = "") -> str:
    """The state `step` leads to from `state`, or a ValidationError naming both."""
    after = TRANSITIONS.get((state, step))
    if after is None:
        raise ValidationError(
            _("“%(state)s”状态的上报不能执行“%(step)s”。")
            % {"state": state_label or ReviewState(state).label, "step": ReviewStep(step).label}
        )
    return after


# --- the models a reviewed record brings -------------------------------------------------------


class Reviewed(models.Model):
    """A record that goes up a review chain: its state and the stage it waits at."""

    state = models.CharField(
        gettext_lazy("状态"),
        max_length=20,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        db_index=True,
    )
    stage = models.PositiveSmallIntegerField(gettext_lazy("审核环节"), default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        return self.state == ReviewState.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class ReviewStageBase(models.Model):
    """One reviewing unit of the chain a record was submitted into, in order (the concrete
    model adds the foreign key to the record, named as the flow's `link`)."""

    position = models.PositiveSmallIntegerField(gettext_lazy("审核环节"))
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=gettext_lazy("审核单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
        verbose_name = gettext_lazy("审核环节")
        verbose_name_plural = gettext_lazy("审核环节")

    def __str__(self):
        return f"{self.position + 1}. {self.unit}"


def stage_rules(prefix: str, link: str = "report") -> tuple[list, list]:
    """The constraints and indexes of a concrete stage model, for its Meta: one stage per
    position of a record, and a unit's stages found by an index; named `<prefix>_review_stage_…`
    (database names stay within 30 characters)."""
    once, by_unit = f"{prefix}_review_stage_once", f"{prefix}_review_stage_unit"
    if max(len(once), len(by_unit)) > 30:
        raise ValueError(f"review stage names of {prefix!r} are longer than 30 characters")
    return (
        [models.UniqueConstraint(fields=[link, "position"], name=once)],
        [models.Index(fields=["unit", "position"], name=by_unit)],
    )


class ReviewEventBase(models.Model):
    """One step in a record's life: submitted, approved at a stage, or sent back."""

    action = models.CharField(gettext_lazy("操作"), max_length=20, choices=ReviewStep.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=20, choices=ReviewState.choices)
    to_state = models.CharField(max_length=20, choices=ReviewState.choices)
    stage = models.PositiveSmallIntegerField(gettext_lazy("审核环节"))
    comment = models.TextField(gettext_lazy("意见"), blank=True)
    at = models.DateTimeField(gettext_lazy("时间"), auto_now_add=True)

    class Meta:
        abstract = True
        verbose_name = gettext_lazy("审核记录")
        verbose_name_plural = gettext_lazy("审核记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.actor}"


class CheckedPerRow(Exists):
    """An EXISTS that PostgreSQL keeps as a check of each row (an OFFSET stops it from turning
    the subquery into a join). "Not submitted by me" became an anti join along all 22 M review
    events at province (2.2 s for the badge, 7 s for the home page's list): the office had
    approved 5.5 M of them, so the planner expected millions of its submissions; checked per
    row it is one probe of the `review_submitted_by` index."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


# --- the flow ------------------------------------------------------------------------------------


def _nothing(*args):
    return None


@dataclass(frozen=True)
class ReviewFlow:
    """How one kind of record is reviewed.

    model, stage_model, event_model: the record and its stage and event rows, which point to it
        through the foreign key `link`.
    writer_perm: held at the writing unit to write, change and submit the record.
    reviewer_perm: held at a stage's unit to decide there.
    writing_unit: the unit the record speaks for; `writing_unit_field` the same as a lookup.
    chain: the reviewing units for a record, first stage first (never its writing unit).
    needs_comment: whether approving at a stage needs a comment (e.g. an opinion to add).
    submitted, approved, returned: called after the transaction commits (e.g. to notify).
    """

    model: type
    stage_model: type
    event_model: type
    link: str
    writer_perm: Perm
    reviewer_perm: Perm
    writing_unit: Callable
    writing_unit_field: str
    chain: Callable
    needs_comment: Callable = lambda record, unit: False
    submitted: Callable = _nothing
    approved: Callable = _nothing
    returned: Callable = _nothing

    # --- the stored chain

    def store_chain(self, record) -> list:
        """Write the chain the record is submitted into (replacing an earlier submission's)."""
        self.stages_of(record).delete()
        return self.stage_model.objects.bulk_create(
            self.stage_model(**{self.link: record}, position=position, unit=unit)
            for position, unit in enumerate(self.chain(record))
        )

    def stages_of(self, record):
        return self.stage_model.objects.filter(**{self.link: record})

    def stored_chain(self, record) -> list:
        return [stage.unit for stage in self.stages_of(record).select_related("unit")]

    def current_reviewer(self, record):
        if record.state != ReviewState.PENDING:
            return None
        stage = self.stages_of(record).filter(position=record.stage).select_related("unit")
        found = stage.first()
        return found.unit if found else None

    # --- who may do what

    def refusal(self, user, record) -> str | None:
        """Why `user` may not decide `record` whoever reviews it (separation of duties)."""
        if record.author_id == user.pk:
            return _("不能审核本人填报的上报，须由其他单位审核。")
        unit = self.writing_unit(record)
        if any(grant.unit_id == unit.pk for grant in access_for(user).grants):
            return _("不能审核本单位的上报，须由其他单位审核。")
        events = self.event_model.objects.filter(**{self.link: record})
        if record.pk and events.filter(action=ReviewStep.SUBMIT, actor=user).exists():
            return _("不能审核本人提交的上报，须由其他单位审核。")
        return None

    def sits_at_stage(self, user, record) -> bool:
        reviewer = self.current_reviewer(record)
        return reviewer is not None and access_for(user).sits_in(reviewer, self.reviewer_perm)

    def may_review(self, user, record) -> bool:
        return self.sits_at_stage(user, record) and self.refusal(user, record) is None

    def may_edit(self, user, record) -> bool:
        return record.is_editable and access_for(user).sits_in(
            self.writing_unit(record), self.writer_perm
        )

    def awaiting_filter(self, user) -> Q:
        """A Q over the records: pending ones whose current stage is one of the user's
        reviewing seats, less those the user may not decide (see `refusal`)."""
        grants = access_for(user).grants
        seats = [
            grant.unit_id for grant in grants if self.reviewer_perm in ROLE_SPECS[grant.role].perms
        ]
        at_my_seat = self.stage_model.objects.filter(
            **{self.link: OuterRef("pk")}, position=OuterRef("stage"), unit_id__in=seats
        )
        submitted_by_me = self.event_model.objects.filter(
            **{self.link: OuterRef("pk")}, action=ReviewStep.SUBMIT, actor_id=user.pk
        )
        own = Q(author_id=user.pk) | Q(
            **{f"{self.writing_unit_field}__in": [grant.unit_id for grant in grants]}
        )
        return (
            Q(state=ReviewState.PENDING)
            & Exists(at_my_seat)
            & ~own
            & ~CheckedPerRow(submitted_by_me)
        )

    # --- the steps

    def check_reviewer(self, record, actor) -> None:
        refusal = self.refusal(actor, record)
        if refusal is not None:
            raise PermissionDenied(refusal)
        if not self.sits_at_stage(actor, record):
            raise PermissionDenied(_("当前环节不由您审核。"))

    def submit(self, record, actor, store: Callable | None = None) -> None:
        """The submission step, inside the caller's transaction (the record locked, the actor
        checked as a writer): store the chain (with `store`, else the flow's), wait at stage 0."""
        before = record.state
        record.state = state_after(record.state, ReviewStep.SUBMIT)
        record.stage = 0
        record.submitted_at = timezone.now()
        record.save()
        (store or self.store_chain)(record)
        self._record(record, actor, ReviewStep.SUBMIT, before, 0, "", self.writing_unit(record))
        transaction.on_commit(lambda: self.submitted(record))

    def approve(self, record, actor, comment: str = "") -> None:
        """Accept at this stage (inside the caller's transaction, the record locked): on to the
        next reviewer, or approved, and locked, at the last."""
        self.check_reviewer(record, actor)
        chain = self.stored_chain(record)
        before, stage = record.state, record.stage
        comment = comment.strip()
        if not comment and self.needs_comment(record, chain[stage]):
            raise ValidationError({"comment": _("请填写意见。")})
        final = state_after(record.state, ReviewStep.APPROVE)
        if stage + 1 < len(chain):
            record.stage = stage + 1
        else:
            record.state, record.approved_at = final, timezone.now()
        record.save()
        self._record(record, actor, ReviewStep.APPROVE, before, stage, comment, chain[stage])
        if record.state == ReviewState.APPROVED:
            transaction.on_commit(lambda: self.approved(record))
        else:
            transaction.on_commit(lambda: self.submitted(record))

    def send_back(self, record, actor, comment: str) -> None:
        """Send the record back to its writers (inside the caller's transaction, the record
        locked); a comment saying why is required."""
        self.check_reviewer(record, actor)
        comment = comment.strip()
        if not comment:
            raise ValidationError({"comment": _("退回时必须填写意见。")})
        chain = self.stored_chain(record)
        before, stage = record.state, record.stage
        record.state = state_after(record.state, ReviewStep.RETURN)
        record.stage = 0
        record.save()
        self._record(record, actor, ReviewStep.RETURN, before, stage, comment, chain[stage])
        transaction.on_commit(lambda: self.returned(record, comment))

    def _record(self, record, actor, step, before_state, stage, comment, seat_unit) -> None:
        self.event_model.objects.create(
            **{self.link: record},
            action=step,
            actor=actor,
            actor_unit=seat_unit,
            from_state=before_state,
            to_state=record.state,
            stage=stage,
            comment=comment,
        )
        audit_record(
            actor=actor,
            action=Action.TRANSITION,
            obj=record,
            before={"state": before_state, "stage": stage},
            after={"state": record.state, "stage": record.stage},
            message=(
                _("%(step)s：%(comment)s") % {"step": ReviewStep(step).label, "comment": comment}
            )[:300],
        )

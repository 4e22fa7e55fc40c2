"""Scoping has one rule per model and one named bypass: checked over the source tree."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from gongzhi.core.querysets import ScopedQuerySet, scope_of

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    path
    for folder in ("gongzhi", "tests")
    for path in (ROOT / folder).rglob("*.py")
    if "migrations" not in path.parts
)
RULE_MODULE = ROOT / "gongzhi" / "core" / "querysets.py"
BYPASS = "dangerously_unscoped"


def _trees():
    for path in SOURCES:
        yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def _calls_to(tree, name):
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == name
        ):
            yield node


def _literal_reason(call) -> bool:
    reasons = [kw.value for kw in call.keywords if kw.arg == "reason"]
    return (
        not call.args
        and len(reasons) == 1
        and isinstance(reasons[0], ast.Constant)
        and isinstance(reasons[0].value, str)
        and bool(reasons[0].value.strip())
    )


def test_every_bypass_states_its_reason_in_place():
    unexplained = [
        f"{path}:{call.lineno}"
        for path, tree in _trees()
        for call in _calls_to(tree, BYPASS)
        if not _literal_reason(call) and ROOT / path != Path(__file__)  # refusals tested below
    ]
    assert unexplained == [], f"give each bypass a literal reason=: {unexplained}"


def test_the_unnamed_bypass_is_gone():
    unnamed = [
        f"{path}:{call.lineno}" for path, tree in _trees() for call in _calls_to(tree, "unscoped")
    ]
    assert unnamed == [], f"use .{BYPASS}(reason=...) instead: {unnamed}"


def test_no_bypass_is_a_fallback():
    """A function never falls back to every record when its caller passes nothing."""
    fallbacks = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.IfExp | ast.BoolOp):
                fallbacks += [f"{path}:{call.lineno}" for call in _calls_to(node, BYPASS)]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for default in node.args.defaults + node.args.kw_defaults:
                    if default is not None:
                        fallbacks += [f"{path}:{c.lineno}" for c in _calls_to(default, BYPASS)]
    assert fallbacks == [], f"make the caller pass a scoped queryset: {fallbacks}"


def test_only_core_builds_the_scope_filter():
    """Models declare `scope = Scope(...)`; nobody overrides visible_to or editable_by."""
    overrides = [
        f"{path}:{node.lineno} {node.name}"
        for path, tree in _trees()
        if ROOT / path != RULE_MODULE
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name in ("visible_to", "editable_by")
    ]
    assert overrides == [], f"declare a Scope instead of overriding: {overrides}"


def test_a_bypass_without_a_reason_is_refused(db):
    from gongzhi.orgs.models import Unit

    for reason in ("", "   "):
        with pytest.raises(ValueError):
            Unit.objects.dangerously_unscoped(reason=reason)
    assert Unit.objects.dangerously_unscoped(reason="counting every unit").count() == 0


SCOPED_MODELS = sorted(
    (
        model
        for model in apps.get_models()
        if issubclass(model._default_manager._queryset_class, ScopedQuerySet)
    ),
    key=lambda model: model._meta.label,
)


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda model: model._meta.label)
def test_each_declared_scope_builds_a_query(model, users):
    """A misspelt path in a declaration fails here, not on the first page that uses it."""
    assert scope_of(model).owners
    for user in users.values():
        model.objects.visible_to(user).exists()
        model.objects.editable_by(user, "community.manage").exists()

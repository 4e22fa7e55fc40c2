"""The one place where records are scoped to what a user may see.

Each scoped model declares its rule once, on its queryset: `scope = Scope(...)` says which units
own a record and which further units may read it. `visible_to` and `editable_by` build their
filter from that declaration and nothing else, so lists, detail pages, exports and form choices
all answer the same question the same way. No queryset overrides them (a test checks).
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import connections, models
from django.db.models import Exists, OuterRef, Q

from gongzhi.core.access import access_for
from gongzhi.core.paths import path_and_ancestors
from gongzhi.core.roles import Perm


@dataclass(frozen=True)
class Link:
    """A unit-path lookup, optionally only through rows matching `when` (e.g. lead units)."""

    path: str
    when: dict = field(default_factory=dict)

    def prefixed(self, prefix: str) -> "Link":
        return Link(prefix + self.path, {prefix + key: value for key, value in self.when.items()})


def _links(lookups) -> tuple[Link, ...]:
    lookups = (lookups,) if isinstance(lookups, str | Link) else lookups
    return tuple(item if isinstance(item, Link) else Link(item) for item in lookups)


@dataclass(frozen=True)
class Scope:
    """Who sees a record and who may change it, in unit paths.

    owner: lookups of the units that keep the record: reaching one of them (through a role with
        the permission asked for) lets a user see it and change it.
    also: lookups of units that may read the record but never change it (e.g. communities an
        organisation is linked to).
    below: units inside an owner read it too (a program is read across its whole region).
    unowned: a record with no owner unit is read by whoever holds this permission.
    via: the record is scoped exactly as the record this foreign key points to.
    union: reach the records as a UNION of ids, one indexed lookup per link, instead of an OR
        of the links (`owner OR EXISTS(link)` scans the whole table, even for a user who reaches
        a few rows). For big lists read by users who reach a small part of them.
    union_for: the roles for which `union` applies, when not for everyone: users who reach a
        few units (a community) get the UNION, users who reach a street or a city the OR, which
        stops early once a capped count or a page is full (measured on Need at city size: a
        community's to-do count 195 ms → 5 ms by UNION; a street's 2 ms → 300 ms). A list
        view over a scope that declares either reads its pages and its capped count one link at
        a time for the users the UNION does not serve (`first_by_link`).
    lists_by_link: lists read one link at a time (`sliced_by_link`) without a UNION for anyone:
        for a big table whose scope is used in many other queries as the OR (reports: a
        community's API list 5.9 s → 10 ms at province).
    """

    owner: str | Link | tuple = "unit__path"
    also: tuple = ()
    below: bool = False
    unowned: Perm | None = None
    via: str = ""
    union: bool = False
    union_for: tuple = ()
    lists_by_link: bool = False

    @property
    def owners(self) -> tuple[Link, ...]:
        return _links(self.owner)

    @property
    def readers(self) -> tuple[Link, ...]:
        return _links(self.also)

    def resolve(self, model) -> "Scope":
        """The rule with `via` followed down to unit paths."""
        if not self.via:
            return self
        inner = scope_of(model._meta.get_field(self.via).related_model)
        prefix = f"{self.via}__"
        return Scope(
            owner=tuple(link.prefixed(prefix) for link in inner.owners),
            also=tuple(link.prefixed(prefix) for link in inner.readers),
            below=inner.below,
            unowned=inner.unowned,
        )


def scope_of(model) -> Scope:
    """The declared scope of a scoped model, resolved to unit paths."""
    queryset_class = model._default_manager._queryset_class
    if not issubclass(queryset_class, ScopedQuerySet):
        raise TypeError(f"{model.__name__} is not a scoped model")
    return queryset_class.scope.resolve(model)


def _crosses_many(model, lookup: str) -> bool:
    """Whether the lookup goes through a to-many relation (so a plain join could repeat rows)."""
    for part in lookup.split("__")[:-1]:
        relation = model._meta.get_field(part)
        if relation.many_to_many or relation.one_to_many:
            return True
        model = relation.related_model
    return False


class ScopedQuerySet(models.QuerySet):
    """A queryset of unit-owned records, filtered by the model's declared `scope`."""

    scope = Scope()
    _sliced_by_link = None  # (user, perm) once `sliced_by_link` is asked for

    def visible_to(self, user, perm: Perm | None = None):
        """Records the user may read: an owner or a reader unit reached through a role with
        `perm` (any role if None), plus what `below` and `unowned` add."""
        return self._reached_by(user, perm, read=True)

    def editable_by(self, user, perm: Perm):
        """Records the user may change: an owner unit reached through a role with `perm`."""
        return self._reached_by(user, perm, read=False)

    def dangerously_unscoped(self, *, reason: str):
        """Every record, unfiltered: only for work done for no user (commands, system jobs,
        public pages). `reason` says why that is safe; it is required so each use stands out."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError("dangerously_unscoped() needs a reason")
        return self.all()

    def ids_visible_to(self, user, perm: Perm | None = None):
        """The ids `visible_to` reads, as a subquery for `IN` from another table: each link a
        plain join from the units in reach (several UNIONed), so the planner may start from
        those units. `visible_to`'s EXISTS over a to-many link is tested row by row instead:
        a street's cockpit read all 28,000 target figures of a province's program to keep its
        few hundred."""
        access = access_for(user) if user.is_authenticated else None
        paths = access.scope_paths(perm) if access else ()
        scope = scope_of(self.model)
        if not paths or access.is_superuser or scope.below or scope.unowned:
            return self.visible_to(user, perm).values("pk")
        return self._ids_through(scope.owners + scope.readers, paths)

    def first_visible(self, user, perm: Perm | None, order: tuple[str, ...], count: int):
        """The first `count` records in `order` among those `visible_to` reads, as `pk IN (each
        link's first `count` UNION …)`. For a to-do's capped count and its first entries over
        a big table: an OR of links lets the planner neither start from the few units a street
        reaches nor stop early, so it reads every open row of the province; one link at a time
        it does either. Exact for the first `count` rows in `order` and for counts up to it."""
        heads = self._heads_by_link(user, perm, order, count)
        if heads is None:
            return self.visible_to(user, perm).order_by(*order)
        return self.filter(heads).order_by(*order)

    def first_by_link(self, user, perm: Perm | None, count: int):
        """This list (already `visible_to(user, perm)`, filtered and ordered) narrowed to its
        first `count` rows read one link at a time, as in `first_visible`: what a list page or
        its capped count reads over a big table, whatever part of it the user reaches. The
        order gets the primary key last, so ties break alike in each link's part and overall."""
        order = tuple(self.query.order_by)
        if order and not {"pk", "-pk", "id", "-id"} & set(order):
            order = (*order, "pk")
        ordered = self.order_by(*order)
        if self._read_as_union(user, perm):
            return ordered  # already the few ids the user reaches
        heads = self._heads_by_link(user, perm, order, count)
        return ordered if heads is None else ordered.filter(heads)

    def sliced_by_link(self, user, perm: Perm | None):
        """This list (already `visible_to(user, perm)`), each of whose slices reads through
        `first_by_link` up to the slice's end: a list view's pages and its capped count, a
        cursor page, an API page. For the big tables, those whose scope declares a UNION
        (`Scope.union`, `union_for`) or `lists_by_link`; other querysets are returned as they
        are."""
        scope = scope_of(self.model)
        if not (scope.union or scope.union_for or scope.lists_by_link):
            return self
        clone = self._chain()
        clone._sliced_by_link = (user, perm)
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._sliced_by_link = self._sliced_by_link
        return clone

    def __getitem__(self, k):
        reader = self._sliced_by_link
        if reader and isinstance(k, slice) and k.stop is not None and self._result_cache is None:
            plain = self._chain()
            plain._sliced_by_link = None
            return plain.first_by_link(*reader, k.stop)[k]
        return super().__getitem__(k)

    def _read_as_union(self, user, perm) -> bool:
        if not user.is_authenticated:
            return False
        scope = scope_of(self.model)
        roles = access_for(user).roles_with(perm)
        return self._unions(scope.owners + scope.readers, scope, True, roles)

    def _heads_by_link(self, user, perm, order, count: int) -> Q | None:
        """`pk IN (each link's first `count` rows of this queryset in `order`, UNIONed)`, or
        None when the scope does not split by link for this user."""
        scope = scope_of(self.model)
        links = scope.owners + scope.readers
        access = access_for(user) if user.is_authenticated else None
        paths = access.scope_paths(perm) if access else ()
        if not paths or access.is_superuser or not self._splits(links, scope, read=True):
            return None
        heads = [
            self.filter(self._through(link, self._starts(link, paths)))
            .order_by(*order)
            .values("pk")[:count]
            for link in links
        ]
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            return Q(pk__in=heads[0].union(*heads[1:]))
        # SQLite: no LIMIT inside a UNION; the same sets as an OR of ids (small databases)
        return reduce(or_, (Q(pk__in=head) for head in heads))

    def _reached_by(self, user, perm, *, read: bool):
        if not user.is_authenticated:
            return self.none()
        access = access_for(user)
        if access.is_superuser:
            return self
        paths = access.scope_paths(perm)
        if not paths:
            return self.none()
        scope = scope_of(self.model)
        links = scope.owners + (scope.readers if read else ())
        if self._unions(links, scope, read, access.roles_with(perm)):
            return self.filter(pk__in=self._ids_through(links, paths))
        reached = Q()
        for link in links:
            reached |= self._through(link, self._starts(link, paths))
        if read and scope.below:
            above = sorted({prefix for path in paths for prefix in path_and_ancestors(path)})
            for link in scope.owners:
                reached |= self._through(link, Q(**{f"{link.path}__in": above}))
        if read and scope.unowned and access.has_perm(scope.unowned):
            owner = scope.owners[0].path.removesuffix("__path")
            reached |= Q(**{f"{owner}__isnull": True})
        return self.filter(reached)

    def _unions(self, links, scope, read: bool, roles: set[str]) -> bool:
        """Whether the scope asks for a UNION of ids for these roles and it applies."""
        wanted = scope.union or bool(scope.union_for and roles <= set(scope.union_for))
        return wanted and self._splits(links, scope, read=read)

    @staticmethod
    def _splits(links, scope, *, read: bool) -> bool:
        """Whether the records reached are exactly those reached through each link (several
        links, nothing added by `below` or `unowned`)."""
        return len(links) > 1 and not (read and (scope.below or scope.unowned))

    @staticmethod
    def _starts(link: Link, paths) -> Q:
        starts = Q()
        for path in paths:
            starts |= Q(**{f"{link.path}__startswith": path})
        return starts

    @classmethod
    def _condition(cls, link: Link, paths) -> Q:
        """The link reaches one of `paths` (a plain join: rows may repeat through a to-many
        link, for callers that deduplicate)."""
        starts = cls._starts(link, paths)
        return starts & Q(**link.when) if link.when else starts

    def _ids_through(self, links, paths):
        """The ids reached through each link, UNIONed. Each branch keeps the filters already on
        this queryset (`Need.objects.filter(open).visible_to(user)` reads only open needs of the
        units in reach, off an index), so ask for the scope after the filters that narrow."""
        ids = [self.filter(self._condition(link, paths)).order_by().values("pk") for link in links]
        return ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0]

    def _through(self, link: Link, reached: Q) -> Q:
        """`reached` over the link's path, limited by its `when`, without repeating rows."""
        condition = reached & Q(**link.when) if link.when else reached
        if not _crosses_many(self.model, link.path):
            return condition
        matching = self.model._base_manager.filter(condition, pk=OuterRef("pk"))
        return Q(Exists(matching))

"""Counters over the 五社 registries, for the plan's targets (see gongzhi.programs.counters).
Importing this package registers them all."""

from gongzhi.community.counters import charity, organizations, people  # noqa: F401

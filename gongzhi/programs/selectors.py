"""Reads over the program document used by several pages."""

from gongzhi.programs.models import Assignment


def lead_and_co(task):
    leads = [a.unit for a in task.assignments.all() if a.role == Assignment.Role.LEAD]
    cos = [a.unit for a in task.assignments.all() if a.role == Assignment.Role.CO]
    return leads, cos

"""The demo's progress reports, played step by step through the progress services: submitted
with evidence, approved along the review chain, returned with a comment, resubmitted."""

from gongzhi.demo.images import photo_upload
from gongzhi.demo.story import Story, moment
from gongzhi.orgs.loader import FixtureError
from gongzhi.programs.models import Task
from gongzhi.progress import services


def find_task(program, ref: str) -> Task:
    """'备案 西城社区', '任务 5' or '西城社区 3'."""
    head, _space, tail = ref.partition(" ")
    tasks = Task.objects.filter(program=program)
    if head == "备案":
        tasks = tasks.filter(kind=Task.Kind.FILING, assignments__unit__name=tail)
    elif head == "任务":
        tasks = tasks.filter(kind=Task.Kind.CITY, number=int(tail))
    else:
        tasks = tasks.filter(kind=Task.Kind.PILOT_ITEM, pilot__community__name=head, number=tail)
    task = tasks.first()
    if task is None:
        raise FixtureError(f"reports.yaml: unknown task {ref}")
    return task


def _photos(step, unit, when):
    return [
        photo_upload(caption, f"{unit.name} · {when:%Y-%m-%d}")
        for caption in step.get("photos", [])
    ]


def _actuals(task, step) -> dict:
    targets = {target.name: target.pk for target in task.targets.all()}
    return {targets[name]: value for name, value in step.get("actuals", {}).items()}


def play_report(story: Story, program, entry: dict) -> None:
    """One unit's reports on one task, each step acted by its demo account at its moment."""
    task = find_task(program, entry["task"])
    author = story.user(entry["by"])
    unit = author.grants.get().unit
    report = None
    for step in entry["steps"]:
        when = moment(step["at"])
        with story.at(when):
            if step["do"] == "submit":
                report = services.report_create(
                    actor=author,
                    task=task,
                    unit=unit,
                    text=step["text"],
                    claims_completion=step.get("claim", False),
                    actuals=_actuals(task, step),
                    files=_photos(step, unit, when),
                    submit=True,
                )
            elif step["do"] == "resubmit":
                report = services.report_update(
                    actor=author,
                    report=report,
                    text=step["text"],
                    claims_completion=step.get("claim", report.claims_completion),
                    actuals=_actuals(task, step),
                    files=_photos(step, unit, when),
                    submit=True,
                )
            elif step["do"] == "approve":
                report = services.report_approve(
                    actor=story.user(step["by"]), report=report, comment=step.get("comment", "")
                )
            elif step["do"] == "return":
                report = services.report_return(
                    actor=story.user(step["by"]), report=report, comment=step["comment"]
                )
            else:
                raise FixtureError(f"reports.yaml: {entry['task']}: unknown step {step['do']}")

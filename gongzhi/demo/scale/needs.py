"""Stage 7: the residents' records: needs (诉求) raised in every grid, with the resident's name
and phone encrypted, in every state from submitted to rated."""

import datetime

from gongzhi.demo.scale.common import communities, grids, moment, pool, root, unit_user_ids
from gongzhi.demo.scale.runner import Sequence, day_of, dealt
from gongzhi.residents.models import RECEIPT_ALPHABET, RECEIPT_LENGTH, Need, NeedCategory
from gongzhi.residents.tallies import recount_in_chunks

CATEGORIES = [("为老助残", 5), ("环境卫生", 3), ("矛盾纠纷", 10), ("设施维修", 7), ("其他", 5)]
State = Need.State
STATES = [State.SUBMITTED, State.ACCEPTED, State.IN_PROGRESS, State.MATCHED]
STATES += [State.RESOLVED] * 3 + [State.RATED] * 4 + [State.REJECTED]
DESCRIPTIONS = [
    "楼道灯坏了，晚上出行不便，希望尽快维修。",
    "独居老人需要定期上门探访。",
    "小区垃圾清运不及时，气味较大。",
    "邻里因停车位发生纠纷，请求调解。",
]
CHANNELS = [choice for choice, _label in Need.Channel.choices]
_CODES = len(RECEIPT_ALPHABET) ** RECEIPT_LENGTH
_SPREAD = 0x9E3779B1  # odd, so n → n·k mod 32⁸ is a bijection: codes never repeat


def receipt_code(preset_offset: int, i: int) -> str:
    n = ((preset_offset + i) * _SPREAD) % _CODES
    digits = []
    for _ in range(RECEIPT_LENGTH):
        n, digit = divmod(n, len(RECEIPT_ALPHABET))
        digits.append(RECEIPT_ALPHABET[digit])
    return "".join(digits)


def run_stage(run) -> None:
    region = root(run)
    for order, (name, days) in enumerate(CATEGORIES):
        NeedCategory.objects.get_or_create(
            region=region, name=name, defaults={"response_days": days, "order": order}
        )
    categories = list(
        NeedCategory.objects.filter(region=region).order_by("order").values_list("id", flat=True)
    )
    cells, users = grids(run), unit_user_ids(run)
    streets = {pk: street for pk, _path, street in communities(run)}
    names, phones = pool(run, "person"), pool(run, "phone")
    total, offset = run.sizes.needs, int(run.sizes.code_prefix) * 10**9

    def make(rng, i):
        cell, number = dealt(i, len(cells))
        grid, community = cells[cell]
        state = STATES[rng.randrange(len(STATES))]
        channel = CHANNELS[number % len(CHANNELS)]
        submitted = moment(day_of(i, total, 340), rng.randrange(600))
        closed = state in (State.RESOLVED, State.RATED)
        return Need(
            community_id=community,
            grid_id=grid,
            handler_id=streets[community] if number % 10 == 9 else community,
            category_id=categories[number % len(categories)],
            description=DESCRIPTIONS[number % len(DESCRIPTIONS)],
            place=f"{number % 30 + 1}栋{number % 6 + 1}单元",
            urgency=Need.Urgency.URGENT if number % 20 == 0 else Need.Urgency.NORMAL,
            channel=channel,
            resident_name=names[(i * 3) % len(names)],
            resident_phone=phones[i % len(phones)],
            receipt_code=receipt_code(offset, i),
            state=state,
            due=(submitted + datetime.timedelta(days=7)).date(),
            resolution="已联系物业完成维修。" if closed else "",
            rejection_reason="不属于受理范围。" if state == State.REJECTED else "",
            rating=5 - number % 3 if state == State.RATED else None,
            submitted_at=submitted,
            resolved_at=submitted + datetime.timedelta(days=3) if closed else None,
            created_by_id=None if channel == Need.Channel.PUBLIC else users[community],
        )

    mine = Need.objects.filter(community__path__startswith=region.path)
    run.sequence(Sequence("needs", Need, total, mine.count, make, chunk=10_000))
    recount_in_chunks(streets)  # the needs board's totals, as saving each need would keep them

"""The demo's 五社 registries, each record entered through the community services by the demo
account that keeps it, at the moment it was entered."""

from gongzhi.community import services
from gongzhi.community.models import (
    BrandProject,
    CharityService,
    Donation,
    Donor,
    Incubation,
    OrgLink,
    SocialOrganization,
    SocialWorker,
    Station,
    Volunteer,
    VolunteerTeam,
)
from gongzhi.demo.images import photo_upload
from gongzhi.demo.story import Story, day, moment


class Registries:
    """Records by name, as the fixture refers to them."""

    def __init__(self, story: Story):
        self.story = story
        self.orgs: dict[str, SocialOrganization] = {}
        self.teams: dict[str, VolunteerTeam] = {}
        self.volunteers: dict[str, Volunteer] = {}
        self.donors: dict[str, Donor] = {}

    def unit(self, name):
        return self.story.unit(name) if name else None

    def organization(self, actor, row):
        org = SocialOrganization(
            name=row["name"],
            unit=self.unit(row["unit"]),
            category=row["category"],
            filing=row["filing"],
            brand_year=row.get("brand_year"),
            has_party_branch=row.get("has_party_branch", False),
            in_social_work_room=row.get("in_social_work_room", False),
            contact_name=row.get("contact_name", ""),
            contact_phone=row.get("contact_phone", ""),
        )
        self.orgs[org.name] = services.organization_save(actor=actor, organization=org)

    def link(self, actor, row):
        link = OrgLink(
            organization=self.orgs[row["organization"]],
            community=self.unit(row["community"]),
            since=day(row["since"]),
            note=row.get("note", ""),
        )
        services.link_save(actor=actor, link=link)

    def incubation(self, actor, row):
        incubation = Incubation(
            organization=self.orgs[row["organization"]],
            level=row["level"],
            stage=row["stage"],
            start=day(row["start"]),
            end=day(row.get("end")),
            agency=self.unit(row.get("agency")),
        )
        services.incubation_save(actor=actor, incubation=incubation)

    def station(self, actor, row):
        fields = {k: v for k, v in row.items() if k not in ("by", "at", "unit", "operator")}
        fields["checked_on"] = day(fields.get("checked_on"))
        station = Station(
            unit=self.unit(row["unit"]), operator=self.unit(row.get("operator")), **fields
        )
        services.station_save(actor=actor, station=station)

    def brand_project(self, actor, row):
        project = BrandProject(
            name=row["name"],
            unit=self.unit(row["unit"]),
            organization=self.orgs[row["organization"]],
            year=row["year"],
        )
        communities = [self.unit(name) for name in row["communities"]]
        services.brand_project_save(actor=actor, project=project, communities=communities)

    def worker(self, actor, row):
        worker = SocialWorker(
            name=row["name"],
            unit=actor.grants.get().unit,
            phone=row["phone"],
            qualification=row["qualification"],
        )
        communities = [self.unit(name) for name in row["communities"]]
        services.worker_save(actor=actor, worker=worker, communities=communities)

    def team(self, actor, row):
        team = VolunteerTeam(name=row["name"], unit=self.unit(row["unit"]))
        self.teams[team.name] = services.team_save(actor=actor, team=team)

    def volunteers_of(self, actor, row):
        teams = [self.teams[row["team"]]] if row.get("team") else []
        for name, phone, skills in row["people"]:
            volunteer = Volunteer(
                name=name, unit=self.unit(row["unit"]), phone=phone, skills=skills
            )
            services.volunteer_save(actor=actor, volunteer=volunteer, teams=teams)
            self.volunteers[name] = volunteer

    def donor(self, actor, row):
        fields = {k: v for k, v in row.items() if k not in ("by", "at", "unit")}
        donor = Donor(unit=self.unit(row["unit"]), **fields)
        self.donors[donor.name] = services.donor_save(actor=actor, donor=donor)

    def donation(self, actor, row):
        donation = Donation(
            donor=self.donors[row["donor"]],
            unit=self.unit(row["unit"]),
            kind=row["kind"],
            amount=row["amount"],
            description=row["description"],
            pledged_on=day(row["pledged_on"]),
            received_on=day(row.get("received_on")),
        )
        services.donation_save(actor=actor, donation=donation)

    def charity_service(self, actor, row):
        service = CharityService(
            provider=self.donors[row["provider"]],
            unit=self.unit(row["unit"]),
            name=row["name"],
            model=row["model"],
            since=day(row["since"]),
            description=row.get("description", ""),
        )
        services.charity_service_save(actor=actor, service=service)

    SECTIONS = (
        ("organizations", organization),
        ("links", link),
        ("incubations", incubation),
        ("stations", station),
        ("brand_projects", brand_project),
        ("workers", worker),
        ("teams", team),
        ("volunteers", volunteers_of),
        ("donors", donor),
        ("donations", donation),
        ("charity_services", charity_service),
    )

    def write(self, data: dict) -> None:
        for section, write_row in self.SECTIONS:
            for row in data.get(section, []):
                with self.story.at(moment(row["at"])):
                    write_row(self, self.story.user(row["by"]), row)


def write_checklist(story: Story, program, rows) -> None:
    """The office marks each point of a checklist group as in place, with a photo as evidence."""
    for row in rows:
        when = moment(row["at"])
        actor = story.user(row["by"])
        unit = actor.grants.get().unit
        for point in program.checklist.filter(group=row["group"]).order_by("order"):
            with story.at(when):
                evidence = photo_upload(point.name, f"{unit.name} · {when:%Y-%m-%d}")
                services.checklist_mark(
                    actor=actor, point=point, is_done=True, note=row["note"], evidence=evidence
                )

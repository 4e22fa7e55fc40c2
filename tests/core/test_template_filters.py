"""The template filters that format what pages show."""

from decimal import Decimal

from django.template import Context, Template


def test_money_reads_with_thousands_and_two_places():
    render = Template("{{ value|yuan }}").render
    assert render(Context({"value": Decimal("180000")})) == "180,000.00"
    assert render(Context({"value": Decimal("0.5")})) == "0.50"
    assert render(Context({"value": ""})) == ""

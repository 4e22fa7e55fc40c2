import pytest

from gongzhi.evaluation.defaults import DEFAULT_DOCUMENT
from gongzhi.evaluation.services import table_save


@pytest.fixture
def table(program):
    """The default Guanghan table, for the test program."""
    return table_save(actor=None, program=program, document=DEFAULT_DOCUMENT)

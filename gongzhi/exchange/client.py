"""The interface to the 好德行 platform. Today records travel as files (`FileClient`); a client
speaking the platform's API implements the same protocol and is named by the setting
GZ_HAODEXING_CLIENT (a dotted path)."""

import datetime
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from gongzhi.exchange.files import read_file, to_json


class HaodexingClient(Protocol):
    def push(self, kind: str, records: list[dict]) -> bytes | None:
        """Send records of a kind (schema version 1 dicts) to 好德行."""

    def pull(self, kind: str, since: datetime.datetime | None = None) -> list[dict]:
        """Records of a kind changed on 好德行 since a moment (all if None)."""


class FileClient:
    """Exchange by file: `push` gives the JSON file to hand over, `pull` reads a file received."""

    def __init__(self, name: str = "", content: bytes = b""):
        self.name, self.content = name, content

    def push(self, kind: str, records: list[dict]) -> bytes:
        return to_json({kind: records})

    def pull(self, kind: str, since: datetime.datetime | None = None) -> list[dict]:
        return [raw for _number, raw in read_file(self.name, self.content).get(kind, [])]


def haodexing_client(**kwargs) -> HaodexingClient:
    return import_string(settings.GZ_HAODEXING_CLIENT)(**kwargs)

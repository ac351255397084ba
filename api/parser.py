"""The API's JSON parser: every string of a body is checked once, here, for
NUL and control characters, whatever the schema of the operation."""

import json

from ninja.parser import Parser

from api.errors import UnsafeText
from socle.params import has_control_characters


def _check(value, path: str) -> None:
    if isinstance(value, str):
        if has_control_characters(value):
            raise UnsafeText(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if has_control_characters(str(key)):
                raise UnsafeText(where)
            _check(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, f"{path}.{index}" if path else str(index))


class SafeJsonParser(Parser):
    def parse_body(self, request):
        data = json.loads(request.body)
        _check(data, "")
        return data

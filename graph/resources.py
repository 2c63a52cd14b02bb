"""One way to find the files that ship with the package: `ontology/` and `data/`.

In a wheel they live in `graph/_shipped/`; in a source checkout (editable install, tests)
they are the top-level folders beside `graph/`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_PACKAGE = Path(__file__).resolve().parent


@cache
def _root(name: str) -> Path:
    for candidate in (_PACKAGE / "_shipped" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the packaged folder {name!r} is missing: reinstall foundation-kg")


def ontology_path(*parts: str) -> Path:
    """A path inside the shipped `ontology/` folder."""
    return _root("ontology").joinpath(*parts)


def data_path(*parts: str) -> Path:
    """A path inside the shipped `data/` folder."""
    return _root("data").joinpath(*parts)


#: libyaml's safe loader when PyYAML was built with it (about 10x faster), else the Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML text with the safe loader (raises yaml.YAMLError on bad YAML)."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader

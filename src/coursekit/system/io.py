"""Reading and writing a :class:`~coursekit.system.model.KPISystem` as a dict, YAML or JSON.

The dict form (also the YAML/JSON layout)::

    name: 制造业售后KPI体系
    dimensions:
      - name: 客户
        weight: 0.3
        indicators:
          - {code: csat, weight: 0.6}
          - {code: complaint_rate, weight: 0.4, direction: lower}
          - {code: first_time_fix, weight: 0.5, normalise: target, target: 0.88}

``direction`` may be left out (taken from the KPI catalog); ``target`` and
``cap`` are optional; ``normalise`` defaults to ``minmax``. The indicator card
fields ``definition`` (口径), ``source`` (数据来源) and ``period`` (考核周期)
are optional text. Unknown keys are rejected so that a typo (``wieght``) does
not silently drop a setting.

>>> from coursekit.system import KPISystem, example_system
>>> s = example_system("services")
>>> KPISystem.from_yaml(s.to_yaml()) == s
True
>>> KPISystem.from_json(s.to_json()) == s
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.errors import ConfigError
from coursekit.system.indicator import CARD_FIELDS, Dimension, Indicator

if TYPE_CHECKING:
    from coursekit.system.model import KPISystem

__all__ = ["parts_from_dict", "read_json", "read_yaml", "system_to_dict", "to_json", "to_yaml"]

_SYSTEM_KEYS = {"name", "dimensions"}
_DIMENSION_KEYS = {"name", "weight", "indicators"}
_INDICATOR_KEYS = {"code", "weight", "direction", "target", "normalise", "cap", *CARD_FIELDS}


def _check_keys(data: Any, allowed: set[str], required: set[str], where: str) -> None:
    if not isinstance(data, Mapping):
        raise ConfigError(f"{where} must be a mapping (key: value), got {type(data).__name__}: {data!r}")
    unknown = [str(k) for k in data if k not in allowed]
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(repr(k) for k in unknown)}; "
                          f"allowed keys are {', '.join(sorted(allowed))}")
    absent = sorted(k for k in required if k not in data)
    if absent:
        raise ConfigError(f"{where}: missing key(s) {', '.join(absent)}")


def system_to_dict(system: KPISystem) -> dict[str, Any]:
    """The dict form of a system (defaults left out: no target, cap 1, no card fields)."""
    dims = []
    for d in system.dimensions:
        inds = []
        for i in d.indicators:
            item: dict[str, Any] = {"code": i.code, "weight": i.weight, "direction": i.direction,
                                    "normalise": i.normalise}
            if i.target is not None:
                item["target"] = i.target
            if i.cap != 1.0:
                item["cap"] = i.cap
            for name in CARD_FIELDS:
                if getattr(i, name) is not None:
                    item[name] = getattr(i, name)
            inds.append(item)
        dims.append({"name": d.name, "weight": d.weight, "indicators": inds})
    return {"name": system.name, "dimensions": dims}


def parts_from_dict(data: Mapping[str, Any]) -> tuple[list[Dimension], str]:
    """The dimensions and name of a system's dict form, with errors that name the place of a mistake.

    :meth:`KPISystem.from_dict <coursekit.system.KPISystem.from_dict>` builds the system from them.

    >>> dims, name = parts_from_dict({"name": "x", "dimensions": [
    ...     {"name": "质量", "weight": 1, "indicators": [{"code": "fcr", "weight": 1}]}]})
    >>> dims[0].codes, name
    (('fcr',), 'x')
    """
    _check_keys(data, _SYSTEM_KEYS, {"dimensions"}, "KPI system")
    raw_dims = data["dimensions"]
    if not isinstance(raw_dims, list):
        raise ConfigError(f"'dimensions' must be a list of dimensions, got {type(raw_dims).__name__}")
    dims = []
    for k, raw in enumerate(raw_dims, start=1):
        where = f"dimension {k}" + (f" ({raw.get('name')!r})" if isinstance(raw, Mapping) and "name" in raw else "")
        _check_keys(raw, _DIMENSION_KEYS, _DIMENSION_KEYS, where)
        raw_inds = raw["indicators"]
        if not isinstance(raw_inds, list):
            raise ConfigError(f"{where}: 'indicators' must be a list, got {type(raw_inds).__name__}")
        inds = []
        for m, item in enumerate(raw_inds, start=1):
            iw = f"{where}, indicator {m}" + (
                f" ({item.get('code')!r})" if isinstance(item, Mapping) and "code" in item else "")
            _check_keys(item, _INDICATOR_KEYS, {"code", "weight"}, iw)
            inds.append(Indicator(**{str(key): value for key, value in item.items()}))
        dims.append(Dimension(str(raw["name"]), raw["weight"], inds))
    return dims, str(data.get("name") or "")


def _read(source: str | os.PathLike[str]) -> tuple[str, bool]:
    """(text, came_from_file)."""
    if isinstance(source, os.PathLike):
        return Path(source).read_text(encoding="utf-8"), True
    if not isinstance(source, str):
        raise ConfigError(f"expected a file path or text, got {type(source).__name__}")
    if "\n" not in source and len(source) < 4096:
        path = Path(source)
        try:
            if path.is_file():
                return path.read_text(encoding="utf-8"), True
        except OSError:
            pass
    return source, False


def _not_a_mapping(data: Any, source: Any, from_file: bool, kind: str) -> ConfigError:
    hint = "" if from_file or (isinstance(source, str) and "\n" in source) else \
        f" (if {source!r} is a file name: no such file)"
    return ConfigError(f"the {kind} does not describe a KPI system: expected a mapping with "
                       f"'name' and 'dimensions', got {type(data).__name__}{hint}")


def _write(text: str, path: str | os.PathLike[str] | None) -> str:
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def to_yaml(system: KPISystem, path: str | os.PathLike[str] | None = None) -> str:
    """YAML text of the system; written to ``path`` too when given."""
    import yaml

    text = yaml.safe_dump(system_to_dict(system), allow_unicode=True, sort_keys=False, default_flow_style=False)
    return _write(text, path)


def read_yaml(source: str | os.PathLike[str]) -> Mapping[str, Any]:
    """The dict form of a system from a YAML file path or YAML text."""
    import yaml

    text, from_file = _read(source)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"the YAML could not be read: {exc}") from None
    if not isinstance(data, Mapping):
        raise _not_a_mapping(data, source, from_file, "YAML")
    return data


def to_json(system: KPISystem, path: str | os.PathLike[str] | None = None) -> str:
    """JSON text of the system (indented, Chinese kept readable); written to ``path`` too when given."""
    return _write(json.dumps(system_to_dict(system), ensure_ascii=False, indent=2) + "\n", path)


def read_json(source: str | os.PathLike[str]) -> Mapping[str, Any]:
    """The dict form of a system from a JSON file path or JSON text."""
    text, from_file = _read(source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = "" if from_file else " (if you passed a file name: no such file)"
        raise ConfigError(f"the JSON could not be read: {exc}{hint}") from None
    if not isinstance(data, Mapping):
        raise _not_a_mapping(data, source, from_file, "JSON")
    return data

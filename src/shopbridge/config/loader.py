"""Read ``shopbridge.yaml``: interpolate ``${ENV}``, validate, report every problem by path."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from shopbridge import errors
from shopbridge.config.schema import DESTINATION_TYPES, Settings

# ${NAME} or ${NAME:-default}; $${...} escapes a literal "${".
_VARIABLE = re.compile(r"\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def interpolate(
    value: Any, environ: Mapping[str, str], path: str, problems: list[tuple[str, str]]
) -> Any:
    """Replace ``${VAR}`` in every string of a parsed YAML tree."""
    if isinstance(value, dict):
        return {
            key: interpolate(item, environ, f"{path}.{key}" if path else str(key), problems)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [
            interpolate(item, environ, f"{path}.{index}", problems)
            for index, item in enumerate(value)
        ]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match[str]) -> str:
        escaped, name, default = match.groups()
        if escaped:
            return match.group(0)[1:]
        if name in environ:
            return environ[name]
        if default is not None:
            return default
        problems.append((path, f"environment variable {name} is not set"))
        return ""

    return _VARIABLE.sub(replace, value)


def parse_settings(
    text: str, environ: Mapping[str, str] | None = None, source: str = "<config>"
) -> Settings:
    """Validate configuration text; raise ConfigError listing every problem."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise errors.ConfigError([("", f"{source} is not valid YAML{where}: {exc}")]) from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise errors.ConfigError([("", f"{source} must be a mapping at the top level")])
    problems: list[tuple[str, str]] = []
    data = interpolate(raw, os.environ if environ is None else environ, "", problems)
    if problems:
        raise errors.ConfigError(problems)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise errors.ConfigError(
            [(_dotted(err["loc"]), _message(err)) for err in exc.errors()]
        ) from None
    problems = settings.reference_problems()
    if problems:
        raise errors.ConfigError(problems)
    return settings


def load_settings(path: str | Path, environ: Mapping[str, str] | None = None) -> Settings:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise errors.ConfigError(
            [("", f"{file} does not exist (create one with `shopbridge init`)")]
        ) from None
    except OSError as exc:
        raise errors.ConfigError([("", f"cannot read {file}: {exc.strerror}")]) from None
    return parse_settings(text, environ, source=str(file))


def _dotted(location: tuple[int | str, ...]) -> str:
    # pydantic puts the tag of a tagged union in the path; users never wrote it.
    parts = [str(part) for part in location]
    if len(parts) > 2 and parts[0] == "destinations" and parts[2] in DESTINATION_TYPES:
        del parts[2]
    parts = [part for part in parts if part not in {"bearer", "basic", "header"}]
    return ".".join(part if part != "from_" else "from" for part in parts)


def _message(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "missing":
        return "required"
    message: str = error["msg"]
    return message.removeprefix("Value error, ")

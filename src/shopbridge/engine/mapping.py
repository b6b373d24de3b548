"""JSONata expressions for flows: ``filter``, ``map`` and ``ordering_key``.

The only module that knows which JSONata engine we use (``jsonatapy``, the Rust
implementation; see ``bench/jsonata_conformance.py`` and ``bench/mapping_speed.py``
for why). Everything engine-specific lives in the ``engine`` section below, so a
swap touches this file only.

Contract:

* :func:`compile_expression` parses once (cached by text, per thread) and raises
  :class:`~shopbridge.errors.MappingError` for a syntax error;
* :meth:`Expression.evaluate` returns plain JSON values (JSONata *undefined* is
  ``None``; integral numbers are ``int``) and raises ``MappingError`` for any
  evaluation error, including the guardrails: :data:`TIMEOUT_MS` per
  evaluation, :data:`MAX_DEPTH` nested evaluation steps (runaway recursion) and
  :data:`MAX_SEQUENCE_LENGTH` items in any intermediate sequence;
* :meth:`Expression.matches` applies JSONata truthiness (``$boolean``);
* :func:`evaluate_ordering_key` turns a scalar into the lane key string.

Big ids. Shopify ids exceed 2**53 and a JSONata number is an IEEE double, so the
engine alone would turn ``id`` = 5678901234567890123 into 5678901234567889920 (and
refuse ints beyond 2**63). So before evaluating, every integer whose magnitude is
above 2**53 - 1 is swapped for an opaque token, and afterwards each token becomes
the exact integer again, or its exact digits where JSONata turned it into text.
Exact, therefore: selecting an id and returning it anywhere in the result;
``$string(id)``, ``"gid://shopify/Order/" & id`` and ``$string($)`` as they reach
the result; ``=``/``!=`` between two ids; ``$distinct``; ``$exists``; ordering
keys. The price is paid inside the expression, where such an id is neither a
number nor its digits: arithmetic, ``$number(id)`` and sorting by id fail with an
error; ``in``, and comparing an id or its ``$string`` with a literal or any other
string (``id = 5678901234567890123``), never match; ``$type(id)`` is ``"object"``.
JSONata has no exact numbers this size anyway. Integers within 2**53, which is
every other number, are untouched.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Final, NamedTuple, cast

import jsonatapy

from shopbridge import errors
from shopbridge.types import JSONValue

__all__ = [
    "CACHE_SIZE",
    "MAX_DEPTH",
    "MAX_SAFE_INTEGER",
    "MAX_SEQUENCE_LENGTH",
    "TIMEOUT_MS",
    "CacheInfo",
    "Expression",
    "cache_info",
    "clear_cache",
    "compile_expression",
    "evaluate_ordering_key",
    "is_truthy",
]

TIMEOUT_MS: Final = 1000
"""Wall-clock limit for one evaluation. The engine holds the GIL while it runs."""
MAX_DEPTH: Final = 1000
"""Nested evaluation steps; about 330 levels of non-tail recursion fit (tail calls: any)."""
MAX_SEQUENCE_LENGTH: Final = 100_000
"""Items in any sequence an expression builds (paths, ranges, ``**``)."""
CACHE_SIZE: Final = 256
"""Compiled expressions kept per thread, keyed by text."""
MAX_SAFE_INTEGER: Final = 2**53 - 1
"""Largest integer a JSONata number (an IEEE double) holds exactly."""

_SNIPPET = 60


class CacheInfo(NamedTuple):
    hits: int
    misses: int
    size: int
    maxsize: int


# -- engine: everything that knows jsonatapy -------------------------------------------

_Program = jsonatapy.JsonataExpression
_CODED = re.compile(
    r"^(?:Parse error:\s*)?(?:Invalid syntax:\s*)?(?:(?P<code>[A-Z]\d{4}):\s*)?(?P<text>.*)$",
    re.DOTALL,
)
_POSITION = re.compile(r"\bposition (\d+)")
# Codes (and one uncoded message) that mean the text stopped too soon.
_AT_END = frozenset({"S0101", "S0105", "S0203", "S0207"})
# Errors an opaque big id can cause (arithmetic, ordering, string-only arguments).
_OPAQUE_ID_ERRORS = frozenset(
    {"D3030", "D3070", "T0410", "T0412", "T1003", "T2001", "T2002", "T2008", "T2009", "T2010"}
)
_GUARDRAILS = {
    "D1012": "evaluation took longer than {TIMEOUT_MS} ms",
    "D1011": "evaluation nested deeper than {MAX_DEPTH} levels; check for runaway recursion",
    "U1001": "evaluation nested too deeply; check for runaway recursion",
    "D2015": "a sequence grew beyond {MAX_SEQUENCE_LENGTH} items",
}


def _parse(text: str) -> _Program:
    """Compile with the guardrails baked in; raises the engine's error for bad syntax."""
    return jsonatapy.compile(
        text,
        timeout=TIMEOUT_MS,
        max_stack_depth=MAX_DEPTH,
        max_sequence_length=MAX_SEQUENCE_LENGTH,
    )


def _run(program: _Program, data: Any) -> Any:
    return program.evaluate(data)


def _split_error(exc: BaseException) -> tuple[str | None, str, str | None]:
    """The engine's error as (code, message, where), e.g. ("S0207", "...", "at the end")."""
    match = _CODED.match(str(exc).strip())
    code, text = (match["code"], match["text"]) if match else (None, str(exc))
    where: str | None = None
    if position := _POSITION.search(text):
        where = f"at position {position.group(1)}"
    elif code in _AT_END or text == "Unclosed comment":
        where = "at the end of the expression"
    return code, text.strip() or type(exc).__name__, where


def _is_engine_failure(exc: BaseException) -> bool:
    # A Rust panic surfaces as pyo3's PanicException, a BaseException by design.
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


# -- compiling ---------------------------------------------------------------------------


class _Programs(threading.local):
    """This thread's compiled programs, least recently used first.

    Per thread because a jsonatapy program may only be used, and freed, on the
    thread that compiled it (it panics otherwise). An :class:`Expression` holds
    only its text and finds its program here, compiling it again if needed.
    """

    def __init__(self) -> None:
        self.lru: OrderedDict[str, _Program] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, text: str) -> _Program:
        program = self.lru.get(text)
        if program is not None:
            self.lru.move_to_end(text)
            self.hits += 1
            return program
        program = _parse(text)
        self.misses += 1
        self.lru[text] = program
        if len(self.lru) > CACHE_SIZE:
            self.lru.popitem(last=False)
        return program


_programs = _Programs()


def compile_expression(text: str, *, name: str = "expression") -> Expression:
    """Parse ``text`` once (cached); ``name`` (e.g. ``flows.x.map``) labels every error.

    Raises:
        MappingError: the text is not valid JSONata.
    """
    if not isinstance(text, str):
        raise errors.MappingError(f"{name}: expected JSONata text, got {type(text).__name__}")
    try:
        _programs.get(text)
    except BaseException as exc:
        if not _is_engine_failure(exc):
            raise
        code, message, where = _split_error(exc)
        details = ", ".join(part for part in (code, where) if part)
        raise errors.MappingError(
            f"{name}: syntax error: {message}"
            + (f" ({details})" if details else "")
            + f" in {_snippet(text)}",
            expression=text,
        ) from None
    return Expression(text, name)


def cache_info() -> CacheInfo:
    """Hits, misses and size of the calling thread's cache of compiled expressions."""
    return CacheInfo(_programs.hits, _programs.misses, len(_programs.lru), CACHE_SIZE)


def clear_cache() -> None:
    """Empty the calling thread's cache and zero its counters."""
    _programs.lru.clear()
    _programs.hits = _programs.misses = 0


# -- evaluating --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expression:
    """A JSONata expression known to compile; immutable, shareable between tasks and threads.

    Make one with :func:`compile_expression`. A result may share objects with the
    data it came from (``$`` returns ``data`` itself): treat both as read-only.
    """

    text: str
    name: str = "expression"

    def evaluate(self, data: JSONValue) -> JSONValue:
        """The expression's value for ``data``; ``None`` when JSONata yields undefined.

        Raises:
            MappingError: the expression failed (a type error, ``$error()``, a guardrail).
        """
        tokens = _BigInts.scan(data)
        try:
            program = _programs.get(self.text)
            if tokens is None:
                # The engine yields dict/list/str/int/float/bool/None (a function is None).
                return cast(JSONValue, _run(program, data))
            return tokens.restore(_run(program, tokens.protect(data)))
        except BaseException as exc:
            if not _is_engine_failure(exc):
                raise
            raise errors.MappingError(self._describe(exc, tokens), expression=self.text) from None

    def matches(self, data: JSONValue) -> bool:
        """Whether ``data`` passes this filter: the result's JSONata truthiness."""
        return is_truthy(self.evaluate(data))

    def _describe(self, exc: BaseException, tokens: _BigInts | None) -> str:
        code, message, _ = _split_error(exc)
        if tokens is not None:
            message = tokens.restore_text(message)
        if isinstance(exc, RecursionError):
            message = "the data is nested too deeply"
        elif code in _GUARDRAILS:
            message = _GUARDRAILS[code].format(
                TIMEOUT_MS=TIMEOUT_MS, MAX_DEPTH=MAX_DEPTH, MAX_SEQUENCE_LENGTH=MAX_SEQUENCE_LENGTH
            )
        hint = ""
        if tokens is not None and code in _OPAQUE_ID_ERRORS:
            hint = "; ids beyond 2**53 are opaque here: return them as they are or use $string(id)"
        return f"{self.name}: {message}" + (f" ({code})" if code else "") + hint


def evaluate_ordering_key(expr: Expression, data: JSONValue) -> str | None:
    """The lane key for ``data``: a scalar as a string; ``None`` when there is no value.

    Numbers keep their exact JSON spelling (``5678901234567890123``), booleans are
    ``true``/``false`` and strings are used as they are.

    Raises:
        MappingError: the expression failed or yielded an array or an object.
    """
    value = _simple_path_value(expr.text, data)
    if value is _NOT_SIMPLE:
        value = expr.evaluate(data)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    kind = f"an array of {len(value)} values" if isinstance(value, list) else "an object"
    raise errors.MappingError(
        f"{expr.name}: an ordering key must be a single string or number, got {kind}",
        expression=expr.text,
    )


_NOT_SIMPLE: Any = object()
_SIMPLE_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")


def _simple_path_value(text: str, data: JSONValue) -> Any:
    """``a.b.c`` through plain objects, without the engine (keys are read on every webhook).

    Returns ``_NOT_SIMPLE`` whenever JSONata's own semantics could differ (the text
    is not a bare dotted path, or the walk meets an array), so the engine decides.
    """
    if _SIMPLE_PATH.match(text) is None:
        return _NOT_SIMPLE
    value: Any = data
    for part in text.split("."):
        if isinstance(value, list):
            return _NOT_SIMPLE
        if not isinstance(value, dict):
            return None
        value = value.get(part)
        if value is None:
            return None
    if isinstance(value, list | dict):
        return _NOT_SIMPLE
    if isinstance(value, float) and value.is_integer():
        return int(value)  # JSONata has one number type; 42.0 and 42 are the same key
    return value


def is_truthy(value: JSONValue) -> bool:
    """JSONata's ``$boolean``: empty/zero/null are false; an array is true if any item is."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        return value != ""
    if isinstance(value, list):
        return any(is_truthy(item) for item in value)
    return bool(value)


# -- big integers ------------------------------------------------------------------------

_MARK = "\ue000"  # Unicode private use: the start of every token's only key
# A token as JSON text inside a string ($string(id), "gid/" & id, $string($)), compact,
# pretty-printed or escaped again by a second $string.
_INTEGER = re.compile(r"-?\d+")
_EMBEDDED = re.compile(r'\{\s*\\*"' + _MARK + r'(\d+)\\*"\s*:\s*\\*"(-?\d+)\\*"\s*\}')


class _BigInts:
    """Integers beyond 2**53 swapped for tokens, and back, for one evaluation.

    A token is a one-key object ``{"\ue000<nonce>": "<digits>"}``: opaque to
    arithmetic and ordering (which fail loudly), equal to itself under ``=``, and
    JSON text wherever JSONata makes it a string, so it can be found there too. The
    nonce is fresh per evaluation, so nothing in the payload can pass for a token.
    """

    __slots__ = ("_key",)

    def __init__(self) -> None:
        # Drawn fresh each time: a key seen in one output must not predict the next.
        self._key = f"{_MARK}{secrets.randbits(64):020d}"

    @classmethod
    def scan(cls, data: JSONValue) -> _BigInts | None:
        """A token set if ``data`` holds an unsafe integer, else ``None`` (the fast path)."""
        stack: list[Any] = [data]
        while stack:
            value = stack.pop()
            kind = type(value)
            if kind is dict:
                items: Any = value.values()
            elif kind is list:
                items = value
            else:
                items = (value,)
            for item in items:
                kind = type(item)
                if kind is int:
                    if _unsafe(item):
                        return cls()
                elif kind is dict or kind is list:
                    stack.append(item)
        return None

    def protect(self, value: Any) -> Any:
        """``value`` with unsafe integers tokenised; unchanged containers are shared."""
        if type(value) is int:
            return self._token(value) if _unsafe(value) else value
        return self._protect(value)

    def _protect(self, value: Any) -> Any:
        if type(value) is dict:
            pairs: Any = value.items()
        elif type(value) is list:
            pairs = enumerate(value)
        else:
            return value
        copy: Any = None
        for key, item in pairs:
            kind = type(item)
            if kind is str:
                continue
            if kind is int:
                if not _unsafe(item):
                    continue
                new = self._token(item)
            elif kind is dict or kind is list:
                new = self._protect(item)
                if new is item:
                    continue
            else:
                continue
            if copy is None:
                copy = value.copy()
            copy[key] = new
        return value if copy is None else copy

    def _token(self, value: int) -> dict[str, str]:
        return {self._key: str(value)}

    def restore(self, value: Any) -> JSONValue:
        if isinstance(value, str):
            return self.restore_text(value)
        if isinstance(value, dict):
            token = value.get(self._key)
            if len(value) == 1 and isinstance(token, str) and _INTEGER.fullmatch(token):
                return int(token)
            return {self.restore_text(key): self.restore(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.restore(item) for item in value]
        return cast(JSONValue, value)

    def restore_text(self, text: str) -> str:
        if _MARK not in text:
            return text
        return _EMBEDDED.sub(self._digits, text)

    def _digits(self, match: re.Match[str]) -> str:
        return match.group(2) if _MARK + match.group(1) == self._key else match.group(0)


def _unsafe(number: int) -> bool:
    return number > MAX_SAFE_INTEGER or number < -MAX_SAFE_INTEGER


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= _SNIPPET else flat[: _SNIPPET - 1] + "…")

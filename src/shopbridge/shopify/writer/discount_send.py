"""Discount entries out: find each discount, then create, update or delete it.

One discount at a time: find it by code (``codeDiscountNodeByCode``) or, for an
automatic one, by exact title or key tag (a ``discountNodes`` search), resolve what it
names (:mod:`.discount_resolve`), read its current lists when they must be replaced,
then send the create or update mutation (:mod:`.discount_input`). ``status`` then
deactivates it (ends it now) or reactivates one that was deactivated. A deletion of a
discount Shopify does not have is done already.

A discount refused (``userErrors``, a call refused as a whole, an unknown target, an
ambiguous title) is rejected with the reason, and what it resolved through is dropped
from the caches so that a replay looks it up again.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from shopbridge import errors
from shopbridge.shopify.admin import (
    AdminClient,
    UserError,
    connection_nodes,
    documents,
    next_cursor,
    user_errors,
)
from shopbridge.shopify.admin.document import Document

from .buffer import Entry
from .discount_changes import DiscountChange
from .discount_input import Current, discount_input, needs_current
from .discount_resolve import DiscountResolver
from .kinds import Sender, SenderContext, SendOutcome

__all__ = ["DiscountSender"]

SEARCH_PAGE: Final = 50
LIST_LIMIT: Final = 100  # what DISCOUNT_TARGETS reads of each list

DiscountEntry = Entry[DiscountChange]
Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class _Mutations:
    typename: str  # the basic discount's type, as Shopify names it
    node: str  # the payload's node field
    inner: str  # the node's discount field
    create: Document
    update: Document
    activate: Document
    deactivate: Document
    delete: Document


_KINDS: Final = {
    "code": _Mutations(
        "DiscountCodeBasic",
        "codeDiscountNode",
        "codeDiscount",
        documents.DISCOUNT_CODE_BASIC_CREATE,
        documents.DISCOUNT_CODE_BASIC_UPDATE,
        documents.DISCOUNT_CODE_ACTIVATE,
        documents.DISCOUNT_CODE_DEACTIVATE,
        documents.DISCOUNT_CODE_DELETE,
    ),
    "automatic": _Mutations(
        "DiscountAutomaticBasic",
        "automaticDiscountNode",
        "automaticDiscount",
        documents.DISCOUNT_AUTOMATIC_BASIC_CREATE,
        documents.DISCOUNT_AUTOMATIC_BASIC_UPDATE,
        documents.DISCOUNT_AUTOMATIC_ACTIVATE,
        documents.DISCOUNT_AUTOMATIC_DEACTIVATE,
        documents.DISCOUNT_AUTOMATIC_DELETE,
    ),
}


class _Refused(Exception):
    """This discount cannot be written; the message says why."""


class DiscountSender:
    """Writes discount entries for one shop, one discount after another."""

    def __init__(
        self, client: AdminClient, resolver: DiscountResolver, *, clock: Clock = time.time
    ) -> None:
        self.client = client
        self.resolver = resolver
        self.clock = clock

    @classmethod
    def for_context(cls, context: SenderContext) -> Sender:
        """The sender a writer uses (its SKU lookups shared with prices)."""
        return cls(context.client, DiscountResolver(context.client, context.price_resolver))

    async def write(self, entries: Sequence[DiscountEntry]) -> SendOutcome:
        outcome = SendOutcome()
        # If a batched lookup is refused, each discount looks up its own targets below,
        # and only the culprit fails.
        with contextlib.suppress(errors.ShopifyGraphQLError, errors.ShopifyGuardError):
            await self.resolver.prefetch([e.change for e in entries if not e.change.deletes])
        for entry in entries:
            try:
                await self._write_one(entry.change, outcome)
            except _Refused as refused:
                reason = str(refused)
            except (errors.ShopifyGraphQLError, errors.ShopifyGuardError) as exc:
                reason = f"Shopify refused the discount: {exc}"
            else:
                outcome.applied.append(entry)
                continue
            outcome.rejected.append((entry, reason))
            self.resolver.forget(entry.change)
        return outcome

    async def _write_one(self, change: DiscountChange, outcome: SendOutcome) -> None:
        kind = _KINDS[change.kind]
        found = await self._find(change, kind)
        if change.deletes:
            if found is not None:
                await self._mutate(outcome, kind.delete, {"id": found})
            return
        targets = await self.resolver.targets(change)
        if isinstance(targets, str):
            raise _Refused(targets)
        current = None
        if found is not None and needs_current(change):
            current = await self._current(found, kind)
        given = discount_input(
            change,
            targets,
            current,
            creating=found is None,
            now=datetime.fromtimestamp(self.clock(), UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            shop_markets=self.resolver.market_ids,
        )
        if found is None:
            payload = await self._mutate(outcome, kind.create, {"discount": given})
        else:
            payload = await self._mutate(outcome, kind.update, {"id": found, "discount": given})
        node = payload.get(kind.node) or {}
        status = (node.get(kind.inner) or {}).get("status")
        wanted = change.fields.get("status")
        if wanted == "deactivated" and status != "EXPIRED":
            await self._mutate(outcome, kind.deactivate, {"id": node.get("id")})
        elif wanted == "active" and status == "EXPIRED" and "ends_at" not in change.fields:
            await self._mutate(outcome, kind.activate, {"id": node.get("id")})

    async def _find(self, change: DiscountChange, kind: _Mutations) -> str | None:
        """The id of the basic discount ``change`` names, or None when Shopify has none."""
        by, value = change.identity
        if by == "code":
            result = await self.client.execute(documents.CODE_DISCOUNT_BY_CODE, {"code": value})
            node = result.payload
            if not node:
                return None
            typename = (node.get("codeDiscount") or {}).get("__typename")
            if typename != kind.typename:
                raise _Refused(
                    f"code '{value}' belongs to a {typename} discount in Shopify; "
                    "shopbridge writes basic (amount off) discounts only"
                )
            return str(node["id"])
        matches = await self._automatic(change, by, value)
        if len(matches) > 1:
            what = f"are titled '{value}'" if by == "title" else f"carry the tag '{change.tag}'"
            raise _Refused(
                f"{len(matches)} automatic discounts {what} in Shopify; "
                + ("give them distinct titles, or send a key" if by == "title" else "keep one")
            )
        return matches[0] if matches else None

    async def _automatic(self, change: DiscountChange, by: str, value: str) -> list[str]:
        field, wanted = ("title", value) if by == "title" else ("tag", change.tag or value)
        term = documents.search_any(field, [wanted])
        matches: list[str] = []
        after: str | None = None
        while True:
            result = await self.client.execute(
                documents.AUTOMATIC_DISCOUNTS,
                {"query": f"method:automatic AND {term}", "first": SEARCH_PAGE, "after": after},
            )
            for node in connection_nodes(result.payload):
                discount = node.get("discount") or {}
                if discount.get("__typename") != "DiscountAutomaticBasic":
                    continue
                if (by == "title" and discount.get("title") == value) or (
                    by == "key" and change.tag in (discount.get("tags") or ())
                ):
                    matches.append(str(node["id"]))
            after = next_cursor(result.payload)
            if after is None:
                return matches

    async def _current(self, discount_id: str, kind: _Mutations) -> Current:
        result = await self.client.execute(documents.DISCOUNT_TARGETS, {"id": discount_id})
        discount = (result.payload.get("discount") or {}) if result.payload else {}
        if discount.get("__typename") != kind.typename:
            raise _Refused(f"discount {discount_id} is no longer a basic discount in Shopify")
        items = (discount.get("customerGets") or {}).get("items") or {}
        customers = (discount.get("context") or {}).get("customers") or []
        return Current(
            _ids(items.get("products"), "products"),
            _ids(items.get("productVariants"), "variants"),
            tuple(str(c["id"]) for c in customers if isinstance(c, Mapping)),
        )

    async def _mutate(
        self, outcome: SendOutcome, document: Document, variables: dict[str, Any]
    ) -> dict[str, Any]:
        """Send one mutation; its payload, or ``_Refused`` with Shopify's ``userErrors``."""
        outcome.mutations += 1
        result = await self.client.execute(document, variables)
        found = user_errors(result.payload)
        if found:
            raise _Refused("Shopify refused the discount: " + _describe(found))
        return result.payload


def _ids(connection: Any, name: str) -> tuple[str, ...]:
    if not isinstance(connection, Mapping):
        return ()
    if (connection.get("pageInfo") or {}).get("hasNextPage"):
        raise _Refused(
            f"the discount has more than {LIST_LIMIT} {name} in Shopify; shopbridge replaces "
            f"lists of up to {LIST_LIMIT}: edit it in Shopify, or delete it and send it again"
        )
    return tuple(str(node["id"]) for node in connection_nodes(connection))


def _describe(found: Sequence[UserError]) -> str:
    def one(error: UserError) -> str:
        where = f"{'.'.join(error.field)}: " if error.field else ""
        return where + (f"{error.message} ({error.code})" if error.code else error.message)

    return "; ".join(one(error) for error in found)

"""Media entries out: each product's media list or file, applied one entry at a time.

A product entry goes through :class:`~.media_product.ProductMediaWriter`, a file
entry through :class:`~.media_files.FileWriter`. What Shopify refuses (``userErrors``,
an unknown handle or SKU, a refused document) rejects that entry with the reason;
media still processing send the entry again later. Any other failure is the
writer's to retry: every step is safe to repeat.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from typing import Final

from shopbridge import errors
from shopbridge.shopify.admin import AdminClient

from .buffer import Entry
from .kinds import SenderContext, SendOutcome
from .media_changes import FileTarget, MediaChange, MediaNotReady, MediaRefused
from .media_files import FileWriter
from .media_product import DEFAULT_READY_WAIT_SECS, ProductMediaWriter

__all__ = ["MediaSender"]

MediaEntry = Entry[MediaChange]
_LATER: Final = "\0later"  # a verdict no refusal reason can equal


class MediaSender:
    """Writes media entries for one shop (a fresh writer per entry counts its mutations)."""

    def __init__(
        self, client: AdminClient, *, ready_wait_secs: float = DEFAULT_READY_WAIT_SECS
    ) -> None:
        self.client = client
        self.ready_wait_secs = ready_wait_secs
        self.shop_id: str | None = None  # the shop's GID, once a file item needed it

    @classmethod
    def for_context(cls, context: SenderContext) -> MediaSender:
        """The registry's factory (:mod:`.registry`)."""
        return cls(context.client)

    async def write(self, entries: Sequence[MediaEntry]) -> SendOutcome:
        outcome = SendOutcome()
        for entry in entries:
            target = entry.change.target
            if isinstance(target, FileTarget):
                files = FileWriter(self.client, self.shop_id)
                verdict = await _attempt(files.apply(target))
                self.shop_id = files.shop_id
                outcome.mutations += files.mutations
            else:
                product = ProductMediaWriter(self.client, ready_wait_secs=self.ready_wait_secs)
                verdict = await _attempt(product.apply(target))
                outcome.mutations += product.mutations
            if verdict is None:
                outcome.applied.append(entry)
            elif verdict is _LATER:
                outcome.later.append(entry)
            else:
                outcome.rejected.append((entry, verdict))
        return outcome


async def _attempt(applying: Awaitable[None]) -> str | None:
    """``None`` when applied, ``_LATER`` to send again, else why it was refused."""
    try:
        await applying
    except MediaRefused as exc:
        return str(exc)
    except MediaNotReady:
        return _LATER
    except (errors.ShopifyGraphQLError, errors.ShopifyGuardError) as exc:
        return f"Shopify refused the media: {exc}"
    return None

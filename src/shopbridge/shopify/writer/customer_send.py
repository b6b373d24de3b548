"""Customer entries out: ``customerSet``, then the marketing consents, then the echo memory.

For each customer (the newest version the buffer kept):

1. ``customerSet`` with the identifier the caller chose (``id``, ``customId``,
   ``email`` or ``phone``; an upsert, so a resend after any failure changes nothing
   more) and the fields the system may write. A custom ID that finds nobody yet falls
   back to the email or phone sent with it, and the customer is then linked to it
   (``metafieldsSet``), so a customer who checked out before the CRM knew them is
   updated, not duplicated;
2. each marketing consent sent whose state differs from Shopify's, with
   ``customerEmailMarketingConsentUpdate`` / ``customerSmsMarketingConsentUpdate``
   (``customerSet`` takes no consent);
3. when a configured system sent it, the customer as Shopify answered each write goes
   to the echo memory (:mod:`shopbridge.customers.echo`), so the webhooks these writes
   cause are not delivered back to that system.

``userErrors`` reject the entry with Shopify's reason; other failures raise, and the
writer sends the entry again later.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from shopbridge import errors
from shopbridge.customers import echo, view
from shopbridge.shopify.admin import AdminClient, UserError, documents, user_errors

from .buffer import Entry
from .customer_changes import CustomerChange
from .kinds import SenderContext, SendOutcome

__all__ = ["CustomerSender", "customer_set_variables"]

CustomerEntry = Entry[CustomerChange]
_SCALARS: Final = {
    "email": "email",
    "phone": "phone",
    "first_name": "firstName",
    "last_name": "lastName",
    "note": "note",
    "locale": "locale",
    "tags": "tags",
}
_ADDRESS: Final = {
    "address1": "address1",
    "address2": "address2",
    "city": "city",
    "company": "company",
    "province_code": "provinceCode",
    "country_code": "countryCode",
    "zip": "zip",
    "first_name": "firstName",
    "last_name": "lastName",
    "phone": "phone",
}
# (item field, mutation, its input key, the contact in CUSTOMER_VIEW holding the state)
_CONSENTS: Final = (
    (
        "email_marketing",
        documents.CUSTOMER_EMAIL_CONSENT_UPDATE,
        "emailMarketingConsent",
        "defaultEmailAddress",
    ),
    (
        "sms_marketing",
        documents.CUSTOMER_SMS_CONSENT_UPDATE,
        "smsMarketingConsent",
        "defaultPhoneNumber",
    ),
)


class CustomerSender:
    """Writes customer entries for one shop, one customer at a time."""

    def __init__(self, shop_id: str, client: AdminClient) -> None:
        self.shop_id = shop_id
        self.client = client

    @classmethod
    def for_context(cls, context: SenderContext) -> CustomerSender:
        """The registry's factory (:mod:`.registry`)."""
        return cls(context.shop_id, context.client)

    async def write(self, entries: Sequence[CustomerEntry]) -> SendOutcome:
        outcome = SendOutcome()
        for entry in entries:
            try:
                refused, mutations = await self._apply(entry.change)
            except (errors.ShopifyGraphQLError, errors.ShopifyGuardError) as exc:
                refused, mutations = f"Shopify refused the customer: {exc}", 1
            outcome.mutations += mutations
            if refused is None:
                outcome.applied.append(entry)
            else:
                outcome.rejected.append((entry, refused))
        return outcome

    async def _apply(self, change: CustomerChange) -> tuple[str | None, int]:
        identifier, link = await self._identifier(change)
        result = await self.client.execute(
            documents.CUSTOMER_SET, customer_set_variables(change, identifier), idempotent=True
        )
        mutations = 1
        found = user_errors(result.payload)
        if found:
            return "Shopify refused the customer: " + _describe(found), mutations
        customer: Mapping[str, Any] = result.payload["customer"]
        await self._remember(change, customer)
        if link:
            mutations += 1
            refused = await self._link(change, str(customer["id"]))
            if refused is not None:
                return refused, mutations
        for field, mutation, key, contact in _CONSENTS:
            wanted: Mapping[str, str] | None = getattr(change, field)
            current = (customer.get(contact) or {}).get("marketingState")
            if wanted is None or current == wanted["state"]:
                continue
            variables = {"input": {"customerId": customer["id"], key: _consent_input(wanted)}}
            answer = await self.client.execute(mutation, variables, idempotent=True)
            mutations += 1
            found = user_errors(answer.payload)
            if found:
                what = field.replace("_", " ")
                return f"Shopify refused the {what} consent: {_describe(found)}", mutations
            customer = answer.payload["customer"]
            await self._remember(change, customer)
        return None, mutations

    async def _identifier(self, change: CustomerChange) -> tuple[dict[str, Any], bool]:
        """``customerSet``'s identifier, and whether the customer must then be linked.

        A custom ID that finds nobody yet falls back to the email or phone sent with it
        (the customer may exist, from a checkout), and the customer found or created
        that way is linked to the custom ID afterwards.
        """
        identify = change.identify
        if identify["by"] != "custom_id":
            return {identify["by"]: identify["value"]}, False
        custom_id = _custom_id(identify)
        result = await self.client.execute(
            documents.CUSTOMER_BY_CUSTOM_ID, {"identifier": {"customId": custom_id}}
        )
        if result.payload.get("id"):
            return {"id": result.payload["id"]}, False
        for contact in ("email", "phone"):
            if identify.get(contact):
                return {contact: identify[contact]}, True
        return {"customId": custom_id}, False

    async def _link(self, change: CustomerChange, customer_id: str) -> str | None:
        """Give the customer the system's id; why it failed, if it did."""
        custom_id = _custom_id(change.identify)
        variables = {"metafields": [{"ownerId": customer_id, **custom_id}]}
        result = await self.client.execute(
            documents.CUSTOMER_CUSTOM_ID_SET, variables, idempotent=True
        )
        found = user_errors(result.payload)
        if not found:
            return None
        where = f"{custom_id['namespace']}.{custom_id['key']}"
        return (
            f"the customer was saved, but Shopify refused its external id in metafield {where} "
            f"(create an id-type metafield definition for customers there): {_describe(found)}"
        )

    async def _remember(self, change: CustomerChange, customer: Mapping[str, Any]) -> None:
        """Each state a write left goes to the echo memory, so a later refusal (a consent)
        does not let the webhooks of the writes that did land go back to the system."""
        memory = echo.memory_for(self.client)
        written = view.from_admin(customer)
        if change.system is not None and memory is not None and written is not None:
            await memory.remember(self.shop_id, change.system, written)


def customer_set_variables(
    change: CustomerChange, identifier: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``customerSet`` variables: the identifier (default: the item's own), the fields as
    ``CustomerSetInput``. An email or phone identifier is repeated in the input, as
    Shopify requires."""
    if identifier is None:
        by = change.identify["by"]
        identifier = (
            {"customId": _custom_id(change.identify)}
            if by == "custom_id"
            else {by: change.identify["value"]}
        )
    fields = change.fields
    given: dict[str, Any] = {name: fields[key] for key, name in _SCALARS.items() if key in fields}
    for contact in ("email", "phone"):
        if contact in identifier:
            given[contact] = identifier[contact]
    if "addresses" in fields:
        given["addresses"] = [
            {_ADDRESS[key]: part for key, part in address.items() if key in _ADDRESS}
            for address in fields["addresses"] or ()
        ]
    return {"identifier": dict(identifier), "input": given}


def _custom_id(identify: Mapping[str, str]) -> dict[str, str]:
    return {"namespace": identify["namespace"], "key": identify["key"], "value": identify["value"]}


def _consent_input(wanted: Mapping[str, str]) -> dict[str, Any]:
    given: dict[str, Any] = {"marketingState": wanted["state"]}
    if "opt_in_level" in wanted:
        given["marketingOptInLevel"] = wanted["opt_in_level"]
    if "consent_updated_at" in wanted:
        given["consentUpdatedAt"] = wanted["consent_updated_at"]
    return given


def _describe(found: Sequence[UserError]) -> str:
    def one(error: UserError) -> str:
        where = f"{'.'.join(error.field)}: " if error.field else ""
        return where + (f"{error.message} ({error.code})" if error.code else error.message)

    return "; ".join(one(error) for error in found)

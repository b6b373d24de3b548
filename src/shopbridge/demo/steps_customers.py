"""The demo's CRM step: a customer edited on both sides, without loops.

Ada became a customer at checkout and the CRM got her. Now the CRM enriches her
through ``POST /v1/customers`` (its own API key ``crm``, which ``systems.crm`` in the
demo's config ties to destination ``crm``): its customer id, a tag and email
consent, and a note that Shopify owns (``customers.ownership``), so it is dropped.
Shopify answers with ``customers/update``; the engine does not send that echo back to
the CRM. Then the merchant renames her in the admin, and that edit does reach the CRM.
"""

from __future__ import annotations

from typing import Any, Final

from rich.console import Console

from shopbridge import operations
from shopbridge.demo.stack import Stack
from shopbridge.demo.waiting import until
from shopbridge.security.api_keys import Scope

__all__ = ["customer_edited_on_both_sides"]

EMAIL: Final = "ada@example.com"
# The merchant's one-time setup: the CRM's id is a custom ID on customers.
DEFINE_CRM_ID: Final = """
mutation {
  metafieldDefinitionCreate(definition: {
    name: "CRM customer id", namespace: "crm", key: "customer_id", type: "id",
    ownerType: CUSTOMER
  }) { userErrors { message } }
}
"""
CUSTOMER: Final = """
query Customer($email: String!) {
  customerByIdentifier(identifier: {emailAddress: $email}) {
    firstName tags note
    defaultEmailAddress { marketingState }
    metafield(namespace: "crm", key: "customer_id") { value }
  }
}
"""


async def customer_edited_on_both_sides(stack: Stack, console: Console, step: int) -> int:
    """Run the step numbered ``step``; returns the next step's number."""
    say = console.print
    crm = stack.systems["crm"]
    say(f"\n[bold]{step}.[/] A customer is edited on both sides, without loops")
    await stack.admin(DEFINE_CRM_ID)
    stack.keys["crm"] = (
        await operations.create_key(stack.settings, "crm", [Scope.SHOPIFY_WRITE.value])
    )[0]
    before = len(crm.delivered)
    await stack.push(
        "/v1/customers",
        [
            {
                "external_id": "CRM-0001",
                "email": EMAIL,
                "tags": ["vip"],
                "note": "Prefers phone calls",
                "email_marketing": {"state": "subscribed", "opt_in_level": "confirmed_opt_in"},
                "version": 1,
            }
        ],
        system="crm",
    )

    async def echo_skipped() -> bool:
        page = await stack.operate("GET", "/v1/jobs?status=filtered&flow=customers_to_crm")
        return any((j["last_reason"] or "").startswith("echo:") for j in page["items"])

    await until(echo_skipped, "the CRM's echo skipped")
    customer = await _customer(stack)
    say(
        f"   Shopify now has Ada tagged {customer['tags']}, CRM id "
        f"{customer['metafield']['value']}, email marketing "
        f"{customer['defaultEmailAddress']['marketingState'].lower()}; the note was dropped "
        "(Shopify owns notes)"
    )
    say(
        "   Shopify sent customers/update; the engine did not send that echo back to the CRM "
        "(its job is filtered: echo)"
    )
    await stack.store("POST", "/customers", {"email": EMAIL, "first_name": "Augusta Ada"})
    await until(
        lambda: any("Augusta" in str(r.json) for r in crm.delivered[before:]),
        "the merchant's edit to the CRM",
    )
    got = next(r.json for r in crm.delivered[before:] if "Augusta" in str(r.json))
    say(
        f"   the merchant renamed her in the admin: the CRM got {got['name']!r} "
        "(a genuine edit is not an echo)"
    )
    return step + 1


async def _customer(stack: Stack) -> dict[str, Any]:
    data = await stack.admin(CUSTOMER, {"email": EMAIL})
    found: dict[str, Any] = data["customerByIdentifier"]
    return found

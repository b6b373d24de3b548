"""Customers both ways, end to end: no echo back to the CRM, ownership, merchant edits flow."""

from __future__ import annotations

import json

from shopbridge.sandbox.merchant import edit_customer
from tests.integration.customers.stack import customers_stack


async def test_the_crms_write_is_not_echoed_back_to_it_but_reaches_others_and_edits_flow(
    sqlite_url: str,
) -> None:
    async with customers_stack(sqlite_url) as stack:
        status, answer = await stack.crm_sends(
            {
                "external_id": "CRM-1",
                "email": "ada@example.com",
                "first_name": "Ada",
                "tags": ["vip"],
                "note": "the CRM does not own notes",
                "email_marketing": {"state": "subscribed"},
                "version": 1,
            }
        )
        assert status == 202, answer
        await stack.until(lambda: bool(stack.delivered("marketing")), "customer to marketing")
        await stack.settled()
        [customer] = stack.sandbox.state.all("Customer")
        assert (customer["firstName"], customer["tags"], customer["note"]) == (
            "Ada",
            ["vip"],
            None,  # owned by Shopify: dropped
        )
        assert customer["emailMarketingConsent"]["marketingState"] == "SUBSCRIBED"
        assert stack.delivered("crm") == []
        echoes = [j for j in await stack.jobs("customers_to_crm") if j["status"] == "filtered"]
        assert echoes, "the CRM's echo was skipped by the guard"
        assert all(j["last_reason"].startswith("echo: crm wrote customer") for j in echoes)
        topics = [r.headers.get("x-shopbridge-topic") for r in stack.delivered("marketing")]
        assert topics[0] == "customers/create"

        edit_customer(stack.sandbox.state, "ada@example.com", first_name="Augusta")
        await stack.until(lambda: bool(stack.delivered("crm")), "the merchant's edit to the CRM")
        await stack.settled()
        [edit] = stack.delivered("crm")
        assert (edit.headers.get("x-shopbridge-topic"), json.loads(edit.body)["first_name"]) == (
            "customers/update",
            "Augusta",
        )
        assert json.loads(stack.delivered("marketing")[-1].body)["first_name"] == "Augusta"

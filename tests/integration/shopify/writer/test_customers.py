"""Customers through the shop's writer (flow ``customers``) against a sandbox, read back."""

from __future__ import annotations

from typing import Any

from shopbridge.customers import view
from shopbridge.customers.echo import EchoMemory, attach
from shopbridge.shopify.admin.documents.customers import CUSTOMER_VIEW
from shopbridge.store.base import JobStatus

from .scenario import CUSTOMERS_UPSERT, SHOP, Scenario, push, running, until

CUSTOMER = """
query($email: String!) {
  customerByIdentifier(identifier: {emailAddress: $email}) {
    id firstName lastName note tags
    defaultEmailAddress { emailAddress marketingState marketingOptInLevel }
    defaultPhoneNumber { phoneNumber marketingState }
    addressesV2(first: 5) { nodes { address1 city countryCodeV2 } }
    metafield(namespace: "crm", key: "customer_id") { value }
  }
}
"""


def customer(by: str, value: str, version: float, **fields: Any) -> dict[str, Any]:
    """A customer as ``POST /v1/customers`` stores it."""
    consents = {k: fields.pop(k) for k in ("email_marketing", "sms_marketing") if k in fields}
    identify: dict[str, str] = {"by": by, "value": value}
    if by == "custom_id":
        identify |= {"namespace": "crm", "key": "customer_id"}
    if by in ("email", "phone"):
        fields[by] = value
    return {
        "identify": identify,
        "system": "crm",
        "fields": fields,
        "ignored": [],
        "version": version,
        **consents,
    }


async def read_customer(world: Scenario, email: str) -> dict[str, Any] | None:
    reply = await world.sandbox.admin(CUSTOMER, {"email": email})
    found: dict[str, Any] | None = reply.body["data"]["customerByIdentifier"]
    return found


async def test_a_customer_is_upserted_by_email_with_consent_addresses_and_tags(
    world: Scenario,
) -> None:
    first = customer(
        "email",
        "Ada@Example.com",
        1.0,
        first_name="Ada",
        tags=["vip"],
        addresses=[{"address1": "12 St James's Sq", "city": "London", "country_code": "GB"}],
        email_marketing={"state": "SUBSCRIBED", "opt_in_level": "CONFIRMED_OPT_IN"},
    )
    job_id = await push(world, *CUSTOMERS_UPSERT, first)
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
        second = customer("email", "ada@example.com", 2.0, last_name="Lovelace", note="Math")
        await push(world, *CUSTOMERS_UPSERT, second)
        await until(world.settled)
    found = await read_customer(world, "ada@example.com")
    assert found is not None
    assert (found["firstName"], found["lastName"], found["note"]) == ("Ada", "Lovelace", "Math")
    assert found["tags"] == ["vip"]
    assert found["defaultEmailAddress"] == {
        "emailAddress": "ada@example.com",
        "marketingState": "SUBSCRIBED",
        "marketingOptInLevel": "CONFIRMED_OPT_IN",
    }
    assert found["addressesV2"]["nodes"] == [
        {"address1": "12 St James's Sq", "city": "London", "countryCodeV2": "GB"}
    ]
    assert len(world.sandbox.sandbox.state.all("Customer")) == 1
    assert (await world.store.get_job(job_id)).status is JobStatus.DELIVERED
    assert (writer.stats.applied, writer.stats.mutations) == (2, 3)  # consent once


async def test_an_external_id_finds_the_customer_it_created(world: Scenario) -> None:
    created = customer("custom_id", "CRM-42", 1.0, email="grace@example.com", first_name="G")
    await push(world, *CUSTOMERS_UPSERT, created)
    async with running(world.writer()):
        await until(world.settled)
        renamed = customer("custom_id", "CRM-42", 2.0, first_name="Grace", phone="+16135550100")
        renamed["sms_marketing"] = {"state": "SUBSCRIBED"}
        await push(world, *CUSTOMERS_UPSERT, renamed)
        await until(world.settled)
    found = await read_customer(world, "grace@example.com")
    assert found is not None
    assert found["firstName"] == "Grace"
    assert found["metafield"] == {"value": "CRM-42"}
    assert found["defaultPhoneNumber"] == {
        "phoneNumber": "+16135550100",
        "marketingState": "SUBSCRIBED",
    }
    assert len(world.sandbox.sandbox.state.all("Customer")) == 1


DEFINE_CUSTOM_ID = """
mutation {
  metafieldDefinitionCreate(definition: {
    name: "CRM id", namespace: "crm", key: "customer_id", type: "id", ownerType: CUSTOMER
  }) { userErrors { message } }
}
"""


async def test_an_external_id_links_a_customer_who_already_had_the_email(
    world: Scenario,
) -> None:
    reply = await world.sandbox.admin(DEFINE_CUSTOM_ID)
    assert reply.body["data"]["metafieldDefinitionCreate"]["userErrors"] == []
    await push(
        world, *CUSTOMERS_UPSERT, customer("email", "ada@example.com", 1.0, first_name="Ada")
    )
    linked = customer("custom_id", "CRM-7", 2.0, last_name="Lovelace")
    linked["identify"]["email"] = "ada@example.com"  # sent along with the external id
    async with running(world.writer()):
        await until(world.settled)
        await push(world, *CUSTOMERS_UPSERT, linked)
        await until(world.settled)
        await push(
            world, *CUSTOMERS_UPSERT, customer("custom_id", "CRM-7", 3.0, first_name="Augusta")
        )
        await until(world.settled)
    found = await read_customer(world, "ada@example.com")
    assert found is not None
    assert (found["firstName"], found["lastName"]) == ("Augusta", "Lovelace")
    assert found["metafield"] == {"value": "CRM-7"}
    assert len(world.sandbox.sandbox.state.all("Customer")) == 1


async def test_a_link_shopify_refuses_says_to_define_the_custom_id(world: Scenario) -> None:
    await push(
        world, *CUSTOMERS_UPSERT, customer("email", "ada@example.com", 1.0, first_name="Ada")
    )
    linked = customer("custom_id", "CRM-7", 2.0)
    linked["identify"]["email"] = "ada@example.com"
    async with running(world.writer()):
        await until(world.settled)
        await push(world, *CUSTOMERS_UPSERT, linked)
        await until(world.settled)
    [dead] = await world.jobs(JobStatus.DEAD)
    assert (dead.last_reason or "").startswith(
        "the customer was saved, but Shopify refused its external id in metafield "
        "crm.customer_id (create an id-type metafield definition for customers there)"
    )


async def test_shopifys_refusal_is_a_dead_item_and_each_write_is_remembered_for_echoes(
    world: Scenario,
) -> None:
    client = world.client()
    memory = EchoMemory(world.store, world.clock)
    attach(client, memory)
    taken = customer("email", "ada@example.com", 1.0, first_name="Ada")
    clash = customer("phone", "+16135550199", 1.0, email="ada@example.com")  # email taken
    await push(world, *CUSTOMERS_UPSERT, taken)
    async with running(world.writer(client)):
        await until(world.settled)
        await push(world, *CUSTOMERS_UPSERT, clash)
        await until(world.settled)
    [dead] = await world.jobs(JobStatus.DEAD)
    assert (dead.last_reason or "").startswith("Shopify refused the customer: input.email:")
    assert "TAKEN" in (dead.last_reason or "")
    reply = await world.sandbox.admin(VIEW, {"email": "ada@example.com"})
    now = view.from_admin(reply.body["data"]["customerByIdentifier"])
    assert now is not None
    assert await memory.wrote(SHOP, "crm", now)
    assert not await memory.wrote(SHOP, "erp", now)
    later = view.CustomerView(now.gid, now.updated_at + 1, now.fingerprint)
    assert not await memory.wrote(SHOP, "crm", later)


VIEW = (
    "query($email: String!) { customerByIdentifier(identifier: {emailAddress: $email}) { "
    + CUSTOMER_VIEW
    + " } }"
)

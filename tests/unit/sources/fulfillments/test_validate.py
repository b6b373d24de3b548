"""How a shipment names its order becomes the lookup the writer makes."""

from __future__ import annotations

import pytest

from shopbridge.sources.fulfillments.document import ShipmentUpdate
from shopbridge.sources.fulfillments.settings import OrderReferenceSettings
from shopbridge.sources.fulfillments.validate import order_lookup

TAG = OrderReferenceSettings(type="tag", prefix="erp:")


def update(**order: object) -> ShipmentUpdate:
    return ShipmentUpdate.model_validate({"shipment_id": "S1", "lines": "all", **order})


def test_an_id_becomes_a_gid_and_a_name_is_kept() -> None:
    assert order_lookup(update(order_id=450789469), TAG) == {
        "by": "id",
        "value": "gid://shopify/Order/450789469",
    }
    assert order_lookup(update(order_name=" #1001 "), TAG) == {"by": "name", "value": "#1001"}


@pytest.mark.parametrize(
    ("reference", "lookup"),
    [
        (TAG, {"by": "tag", "value": "erp:SO-778"}),
        (
            OrderReferenceSettings(type="metafield", namespace="erp", key="order_no"),
            {"by": "metafield", "value": "SO-778", "namespace": "erp", "key": "order_no"},
        ),
        (
            OrderReferenceSettings(type="source_identifier"),
            {"by": "source_identifier", "value": "SO-778"},
        ),
        (OrderReferenceSettings(type="po_number"), {"by": "po_number", "value": "SO-778"}),
    ],
)
def test_the_erp_reference_is_looked_up_where_the_config_says(
    reference: OrderReferenceSettings, lookup: dict[str, str]
) -> None:
    assert order_lookup(update(order_reference="SO-778"), reference) == lookup

"""What may be resent after which trouble."""

from __future__ import annotations

import pytest

from shopbridge.shopify.admin.retry import Trouble, may_resend


@pytest.mark.parametrize(
    ("trouble", "mutation", "idempotent", "expected"),
    [
        (Trouble.THROTTLED, True, False, True),
        (Trouble.RATE_LIMITED, True, False, True),
        (Trouble.NOT_SENT, True, False, True),
        (Trouble.SERVER_ERROR, False, False, True),
        (Trouble.LOST, False, False, True),
        (Trouble.SERVER_ERROR, True, False, False),
        (Trouble.LOST, True, False, False),
        (Trouble.SERVER_ERROR, True, True, True),
        (Trouble.LOST, True, True, True),
    ],
)
def test_resend_rule(trouble: Trouble, mutation: bool, idempotent: bool, expected: bool) -> None:
    assert may_resend(trouble, mutation=mutation, idempotent=idempotent) is expected

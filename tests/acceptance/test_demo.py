"""README command 1: `shopbridge demo --once` runs the whole story and exits cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_the_demo_runs_every_step_and_summarises(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "shopbridge",
            "demo",
            "--once",
            "--port",
            "0",
            "--data",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout
    for step in range(1, 13):
        assert f"\n{step}. " in output, f"step {step} missing:\n{output}"
    assert "What travelled where" in output
    assert "signature valid: True" in output
    assert "is now a dead letter" in output
    assert "delivered it 1 time" in output
    assert "2 applied in batched" in output
    assert "1 dropped as" in output
    assert "fixed 55.00 EUR in Europe" in output
    assert "demo-hoodie now shows, in order, 'Demo hoodie, front'" in output
    assert "HOODIE-M shows 'Demo hoodie, back'" in output
    assert "arrived 2.5 s late and was not delivered" in output  # steps_orders: stale
    assert "reconciled: True)" in output  # steps_orders: a dropped order reconciled
    assert "PagerDuty got a resolve for dead_letters:erp" in output  # steps_alerts
    assert "one fulfillment (the WMS sent the shipment twice)" in output  # steps_fulfillment
    assert "did not send that echo back to the CRM" in output  # steps_customers
    assert "marketing/checkout_abandoned for grace@example.com" in output  # steps_marketing
    assert "as marketing/repeat_purchase (her order number 2" in output  # steps_marketing
    assert "marketing got marketing/product_viewed" in output  # steps_marketing: the pixel
    assert (tmp_path / "shopbridge.yaml").exists()

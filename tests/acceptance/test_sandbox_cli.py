"""`shopbridge sandbox` as a user types it: serve in one terminal, act from another."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shopbridge.cli import cli

SHOPBRIDGE = [sys.executable, "-m", "shopbridge"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Served:
    """A sandbox served by the CLI in a subprocess, with its banner parsed."""

    def __init__(self, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [*SHOPBRIDGE, "sandbox", "--port", str(self.port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.banner: dict[str, str] = {}
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if "press Ctrl-C" in line:
                break
            label, _, value = line.strip().partition("  ")
            self.banner[label.strip()] = value.strip()
        else:
            raise AssertionError(f"the sandbox did not start: {self.banner}")

    def act(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*SHOPBRIDGE, "sandbox", *args, "--url", self.url],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.communicate(timeout=20)
        return self.proc.returncode


def test_serve_act_and_restart_with_the_same_data(tmp_path: Path) -> None:
    data = tmp_path / "store.db"
    served = Served("--data", str(data), "--plan", "plus", "--app-secret", "shpss_given")
    try:
        assert served.banner["plan"] == "plus"
        assert served.banner["app secret"] == "shpss_given"
        assert served.banner["admin token"].startswith("shpat_")
        assert served.banner["admin API"] == f"{served.url}/admin/api/2026-07/graphql.json"
        seeded = served.act("seed", "--products", "2", "--variants", "1")
        assert seeded.returncode == 0, seeded.stderr
        assert json.loads(seeded.stdout)["products_created"] == 2
        stocked = served.act("stock", "SKU-00002-1", "--set", "17")
        assert json.loads(stocked.stdout)["quantities"]["on_hand"] == 17
        refused = served.act("stock", "SKU-404", "--set", "1")
        assert refused.returncode == 1
        assert "sku: no variant with SKU or id 'SKU-404'" in refused.stderr
    finally:
        assert served.stop() == 0
    again = Served("--data", str(data))
    try:
        assert again.banner["admin token"] == served.banner["admin token"]
        assert again.banner["app secret"] == "shpss_given"
        counts = json.loads(again.act("state").stdout)["counts"]
        assert counts["Product"] == 2
    finally:
        again.stop()


def test_no_sandbox_running_is_a_clear_error() -> None:
    result = subprocess.run(
        [*SHOPBRIDGE, "sandbox", "state", "--url", f"http://127.0.0.1:{free_port()}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "no sandbox answering" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "gold"], "unknown plan 'gold'"),
        (["--shop", "example.com"], "shop_domain must end with .myshopify.com"),
    ],
)
def test_bad_options_are_refused_before_serving(args: list[str], message: str) -> None:
    result = subprocess.run(
        [*SHOPBRIDGE, "sandbox", "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr


def test_coverage_lists_what_the_sandbox_serves() -> None:
    result = CliRunner().invoke(cli, ["sandbox", "coverage"], terminal_width=400)
    assert result.exit_code == 0, result.output
    assert "productSet" in result.output
    assert "cartCreate" in result.output
    assert "orders/create" in result.output
    assert "NOT_SUPPORTED_BY_SANDBOX" in result.output


def test_a_shopper_and_a_merchant_from_the_command_line() -> None:
    served = Served()
    try:
        assert served.act("seed", "--products", "2", "--variants", "1").returncode == 0
        customer = served.act("customer", "ada@example.com", "--first-name", "Ada", "--tag", "vip")
        assert json.loads(customer.stdout)["created"] is True
        edited = served.act("customer", "ADA@example.com", "--accepts-marketing")
        edited_body = json.loads(edited.stdout)
        assert (edited_body["created"], edited_body["email_marketing"]) == (False, "SUBSCRIBED")
        paid = served.act(
            "checkout", "SKU-00001-1:2", "--email", "ada@example.com", "--pay", "success"
        )
        assert paid.returncode == 0, paid.stderr
        order = json.loads(paid.stdout)
        assert order["financial_status"] == "PAID"
        left = served.act("checkout", "SKU-00002-1", "--email", "bo@example.com", "--abandon")
        assert left.returncode == 0, left.stderr
        bad = served.act("checkout", "SKU-00001-1:0")
        assert bad.returncode == 2
        assert "quantity of at least 1" in bad.stderr
        unknown = served.act("checkout", "NOPE:1", "--email", "x@example.com")
        assert unknown.returncode == 1
        assert "lines.0.sku" in unknown.stderr
        counts = json.loads(served.act("state").stdout)["counts"]
        assert counts["Order"] == 1
        assert counts["Customer"] == 1
        assert counts["AbandonedCheckout"] == 2
    finally:
        served.stop()

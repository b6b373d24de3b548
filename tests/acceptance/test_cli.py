"""The `shopbridge` command as a user types it."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shopbridge import testing
from shopbridge.cli import cli

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.output


def test_init_writes_a_file_that_checks(tmp_path: Path) -> None:
    config = tmp_path / "shopbridge.yaml"
    code, output = invoke("init", str(config))
    assert code == 0, output
    assert config.stat().st_mode & 0o777 == 0o600
    code, output = invoke("init", str(config))
    assert code == 1
    assert "already exists" in output
    code, output = invoke("check", "--config", str(config))
    assert code == 0, output
    assert "is valid" in output
    assert "8 attempts" in output


def test_check_prints_every_problem_with_its_path(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(
        "destinations: {erp: {url: 'https://e'}}\n"
        "flows:\n"
        "  a: {from: {shopify: orders/create}, to: [erp2]}\n"
        "  b: {from: {shopify: orders/nope}, to: [erp], map: '{\"x\": '}\n"
    )
    code, output = invoke("check", "--config", str(config))
    assert code == 2
    assert "flows.a.to.0: unknown destination 'erp2'" in output
    config.write_text(
        "destinations: {erp: {url: 'https://e'}}\n"
        "flows:\n"
        "  b: {from: {shopify: orders/nope}, to: [erp], map: '{\"x\": '}\n"
    )
    code, output = invoke("check", "--config", str(config))
    assert code == 2
    assert "flows.b.map" in output
    assert "flows.b.from.shopify.0: unknown Shopify topic 'orders/nope'" in output


def test_config_schema_is_json_schema() -> None:
    code, output = invoke("config-schema")
    assert code == 0
    schema = json.loads(output)
    assert schema["title"] == "shopbridge.yaml"
    assert "flows" in schema["properties"]


def test_try_map(tmp_path: Path) -> None:
    config = tmp_path / "shopbridge.yaml"
    invoke("init", str(config))
    event = tmp_path / "order.json"
    event.write_bytes(testing.encode(testing.sample_order()))
    code, output = invoke(
        "try-map", "--flow", "orders_to_erp", "--event", str(event), "--config", str(config)
    )
    assert code == 0, output
    assert "filter: passes" in output
    assert '"order_id": 5678901234567890123' in output
    code, output = invoke(
        "try-map", "--flow", "nope", "--event", str(event), "--config", str(config)
    )
    assert code == 2
    assert "no flow named 'nope'" in output


def test_keys_and_replay_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the starter file's store is ./shopbridge.db: keep it in tmp
    config = tmp_path / "shopbridge.yaml"
    invoke("init", str(config))
    code, output = invoke("keys", "create", "erp", "--config", str(config))
    assert code == 0, output
    assert output.strip().splitlines()[-1].startswith("sbk_")
    code, output = invoke(
        "keys", "create", "stock", "--scope", "shopify:write", "--config", str(config)
    )
    assert code == 0, output
    assert "with scopes shopify:write" in output
    code, output = invoke("keys", "create", "x", "--scope", "root", "--config", str(config))
    assert code == 1
    assert "unknown scope root" in output
    code, output = invoke("keys", "list", "--config", str(config))
    assert "erp" in output
    code, output = invoke("keys", "revoke", "erp", "--config", str(config))
    assert code == 0
    code, output = invoke("replay", "--config", str(config))
    assert code == 1
    assert "name a job id" in output
    code, output = invoke("replay", "--destination", "erp", "--dry-run", "--config", str(config))
    assert code == 0
    assert "would replay 0 job(s)" in output
    code, output = invoke("replay", "999", "--config", str(config))
    assert code == 1
    assert "job 999 does not exist" in output


@pytest.mark.slow
def test_run_starts_as_written_and_stops_on_sigterm(tmp_path: Path) -> None:
    config = tmp_path / "shopbridge.yaml"
    invoke("init", str(config))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "shopbridge", "run", "--config", str(config), "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz") as response:
                    assert response.status == 200
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise AssertionError("did not start")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json") as response:
            spec = json.load(response)
        assert "/webhooks/shopify" in spec["paths"]
        second = subprocess.run(
            [sys.executable, "-m", "shopbridge", "run", "--config", str(config), "--port", "0"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert second.returncode == 1
        assert "another shopbridge process" in second.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        output = proc.communicate(timeout=20)[0].decode()
    assert proc.returncode == 0, output
    assert (tmp_path / "shopbridge.db").exists()


def test_check_reports_destination_problems_only_a_sink_can_see(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(
        "destinations:\n"
        "  erp: {url: 'https://user:pw@erp.example.com/in', signing_secret: 'whsec_!!notbase64'}\n"
        "flows:\n"
        "  a: {from: {shopify: orders/create}, to: [erp]}\n"
    )
    code, output = invoke("check", "--config", str(config))
    assert code == 2
    assert "destinations.erp" in output


def test_events_lists_every_declared_engine_event(monkeypatch: pytest.MonkeyPatch) -> None:
    from shopbridge.engine import events

    monkeypatch.setitem(events.ENGINE_TOPICS, "test/something_happened", "a test event")
    code, output = invoke("events")
    assert code == 0, output
    assert "test/something_happened" in output
    assert "a test event" in output

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
    for step in range(1, 12):
        assert f"\n{step}. " in output, f"step {step} missing:\n{output}"
    assert "What travelled where" in output
    assert "signature valid: True" in output
    assert "is now a dead letter" in output
    assert "delivered it 1 time" in output
    assert "2 applied in batched" in output
    assert "1 dropped as" in output
    assert "fixed 55.00 EUR in Europe" in output
    assert (tmp_path / "shopbridge.yaml").exists()

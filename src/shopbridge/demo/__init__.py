"""`shopbridge demo`: the engine, sample receivers and a scripted scenario, on one machine."""

from shopbridge.demo.scenario import run_demo

__all__ = ["run_demo"]

"""Credentials shopbridge issues to the systems that call it."""

"""Test support shared by every member: fixtures (plugin.py), backends, test tokens."""

from cadence_shared.testing.fastread import assert_same_json
from cadence_shared.testing.missing import missing_tool
from cadence_shared.testing.plugin import TestUser, in_thread, migrate, serve_app

__all__ = ["TestUser", "assert_same_json", "in_thread", "migrate", "missing_tool", "serve_app"]

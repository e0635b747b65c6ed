"""Test support code: in-process fakes of external services."""

"""Placeholder until the reference lands."""

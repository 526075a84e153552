"""Wiring of the layers: audit, check, diff, baseline, suppressions."""

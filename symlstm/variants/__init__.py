"""Homework variants and sweeps: parameters from templates, questions solved and verified,
machines proved (stage after the derivation: it produces frozen data for the exports)."""

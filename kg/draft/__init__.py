"""Drafting records from a plan document (napkg draft)."""

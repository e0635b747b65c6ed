"""Shared vocabulary of the product. Imports nothing of ours and no framework."""

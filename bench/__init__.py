"""The speed benchmark: `python -m bench`."""

"""Directory pages: organizations.py, people.py, bulk.py (exports, imports, erasure log)."""

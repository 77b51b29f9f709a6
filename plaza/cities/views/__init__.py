"""Focal City pages: cities.py, activities.py, dialogue.py (meetings, agreements, commitments), reports.py."""

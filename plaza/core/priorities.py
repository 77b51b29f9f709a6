"""Priorities of background tasks (django-tasks: -100..100, higher first; the DB worker
takes the ready task with the highest priority, then the oldest).

Interactive work (what someone just did and is waiting to see) goes before bulk work, so
an uploaded file's text is searchable within seconds even behind thousands of queued
embeddings (issue 17).
"""

from __future__ import annotations

# Someone is waiting: text extraction of an uploaded file (mail is sent in the request today).
INTERACTIVE = 50
# The first-page thumbnail and page count of an uploaded PDF: shown on the page just visited.
PREVIEW = 40
# A record's title + abstract passage embedding: enough for semantic search to find it.
RECORD_HEAD = 10
# The rest of one record's embedding after an edit, ordinary scheduled jobs.
DEFAULT = 0
# Bulk work: the full-text chunks of many records (the demo, `plaza embed`), index checks.
BULK = -10

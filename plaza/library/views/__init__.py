"""Knowledge-base pages: public.py (lists, resources, files) and curation.py (librarians' work)."""

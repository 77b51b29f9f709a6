"""Partnership inquiry pages: public.py (the form) and staff.py (the queue)."""

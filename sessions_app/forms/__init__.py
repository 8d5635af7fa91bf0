"""Forms of the sessions app, by page: staff pages in ``staff``."""

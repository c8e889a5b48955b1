"""The Quảng Ninh / justice-sector eForm replica: pages in ``pages.py``."""

"""The VNPT iGate 1.0 legacy eForm replica (Lào Cai, Lai Châu): pages in ``pages.py``."""

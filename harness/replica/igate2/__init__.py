"""The VNPT iGate 2.0 provincial portal replica: public pages in ``pages.py``, the Form.io
application in ``application.py``."""

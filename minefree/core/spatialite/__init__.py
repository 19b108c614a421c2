"""GeoDjango's SpatiaLite backend, made to wait for other writers (see base.py)."""

"""The service behind `storyfold serve`: a JSON API and server-rendered pages (no script),
a thin layer over `storyfold.store`."""

from storyfold.web.app import create_app

__all__ = ["create_app"]

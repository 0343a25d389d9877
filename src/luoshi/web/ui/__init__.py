"""The Chinese web UI of luoshi: server-rendered pages (Jinja2) plus a little vanilla JS.

Mount it with one line in the app factory::

    from luoshi.web.ui import router as ui_router
    app.include_router(ui_router)

The router serves its own static files under ``/static/`` (CSS, JS, icon), so nothing else needs
mounting and nothing is fetched from the network. It needs ``app.state.session_factory`` (or
``app.state.engine``) — see :mod:`luoshi.web.ui.context`.
"""
from luoshi.web.ui.context import STATIC_DIR, TEMPLATES_DIR, handle_http_error
from luoshi.web.ui.routes import router

__all__ = ["router", "STATIC_DIR", "TEMPLATES_DIR", "handle_http_error"]

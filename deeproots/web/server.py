"""Serving the dashboard with uvicorn: bind, print the start URL (token included), stop on Ctrl-C."""
from __future__ import annotations

import socket
import webbrowser
from pathlib import Path
from typing import Callable

from deeproots.errors import DeeprootsError
from deeproots.web import security


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before uvicorn starts so that port 0 and "in use" are answered at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise DeeprootsError(f"cannot listen on {host}:{port} ({error.strerror}); "
                             "choose another --port (or --port 0 for any free one)") from None
    sock.listen(128)
    return sock


def serve(learner, runs_root: Path, host: str, port: int, open_browser: bool,
          say: Callable[[str], None] = print, token: str | None = None) -> None:
    import uvicorn

    from deeproots.web.app import create_app

    token = token or security.new_token()
    sock = bind(host, port)
    bound_port = sock.getsockname()[1]
    app = create_app(learner, runs_root, token, host)
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{bound_port}/?token={token}"
    say(f"deeproots dashboard for {learner.workspace.root}\n  {url}\nCtrl-C stops it.")
    if open_browser:
        webbrowser.open(url)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])

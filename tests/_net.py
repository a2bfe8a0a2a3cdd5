"""Loopback ports for the servers the browser and JupyterHub tests start."""

from __future__ import annotations

import socket
from contextlib import ExitStack


def free_ports(count: int = 1) -> list[int]:
    """``count`` distinct free ports on 127.0.0.1.

    All sockets stay open until every port is read, so the ports differ.

    >>> a, b, c = free_ports(3)
    >>> len({a, b, c})
    3
    """
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]

"""Starts a kmock 0.8 Kubernetes API emulator on 127.0.0.1 for the KubernetesTests.

Usage: python kmock_server.py PORT   (PORT 0 picks a free port)

Prints one line "listening http://127.0.0.1:PORT" once it accepts requests, then serves until
it is killed or its standard input closes (so it also ends when the test process dies).
"""
import asyncio
import sys

import kmock
from kmock._internal import parsing

_parse_path = parsing.parse_path


def _parse_path_with_cluster_scoped_namespaces(path):
    # kmock 0.8 reads every /api/v1/namespaces/X as "namespace X", so the cluster-scoped
    # Namespace resource itself (/api/v1/namespaces[/NAME[/status|/finalize]]) fails with a 500.
    # Route those paths to the "namespaces" resource, as a real API server does.
    parts = path.strip("/").split("/")
    if parts[:3] == ["api", "v1", "namespaces"] and (
        len(parts) <= 4 or (len(parts) == 5 and parts[4] in ("status", "finalize"))
    ):
        return parsing.ParsedPath(
            group="",
            version="v1",
            plural="namespaces",
            namespace=None,
            name=parts[3] if len(parts) >= 4 else None,
            subresource=parts[4] if len(parts) == 5 else None,
        )
    return _parse_path(path)


parsing.parse_path = _parse_path_with_cluster_scoped_namespaces


async def wait_for_stdin_eof():
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)


async def main(port):
    emu = kmock.KubernetesEmulator()
    emu.resources.load_bundled()  # discovery of k3s v1.26
    async with emu, kmock.Server(emu, host="127.0.0.1", port=port) as srv:
        print("listening", srv.url, flush=True)
        await wait_for_stdin_eof()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 0))

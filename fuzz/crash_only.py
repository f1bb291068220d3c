"""The anchor harness: crash-only, in the style of OSS-Fuzz's http.client fuzzer.

Strategy: the same inputs as each target (its control byte and message layout), read
once through the implementation's public API with every documented error swallowed,
and no oracle: only an exception other than the implementation's HTTPException (and,
for the request target, ValueError) counts. `bench/fuzz_bugs.py` runs it beside the
oracles to show what they find that this cannot; `httpcts fuzz run --harness
crash-only` runs it as a campaign.
"""

from __future__ import annotations

import contextlib
import types
from functools import partial
from itertools import islice
from typing import Optional

from . import targets
from ._io import FakeSocket
from ._runtime import TargetFunction, load_impl
from .oracles import control


def read_response(impl: types.ModuleType, message: bytes, control_byte: int) -> None:
    """begin() and read() (or read(amt) to the end) as the control byte says; HTTPException swallowed."""
    plan, method, amt = control(control_byte)
    sock = FakeSocket(message, plan)
    response = None
    try:
        response = impl.HTTPResponse(sock, method=method)  # geventhttpclient reads here
        response.begin()
        if amt is None:
            response.read()
        else:  # every read returns a byte or ends the body: at most len + 2 reads
            for _ in islice(iter(partial(response.read, amt), b""), len(message) + 2):
                pass
    except impl.HTTPException:
        pass
    finally:
        if response is not None:
            response.close()
        sock.close()


def harness(target: str) -> TargetFunction:
    """The crash-only test function for `target`'s inputs."""
    module = targets.load(target)
    if target == "request":

        def run_request(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
            if data:
                with contextlib.suppress(module.Finding):  # the target's own oracle: not a crash
                    module.send(data, impl or load_impl())

        return run_request
    message = getattr(module, "message", lambda data: data[1:])

    def run(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
        if data:
            read_response(impl or load_impl(), message(data), data[0])

    return run

"""What the scripted server recorded, as observation keys (``req.line``, ``wire_in``, ...).

Strategy: stdlib-only, Python 2.7 + 3.6+ (see `_observe`), so the harness and the
stand-alone reproducer's own loopback server turn what they recorded into the
very same keys.  Inputs are duck-typed: requests with ``method``, ``target``,
``version``, ``headers`` ((name, value) byte pairs), ``body``, ``chunked`` and
``raw``; transcripts with ``received``, ``sent`` and ``kinds()``; scripts as the
JSON steps of ``httpcts serve --dump``.  A new server-side key goes here.
"""

WIRE_IN_LIMIT = 8192


def scripted_bytes(script):
    """How many bytes a connection's script (JSON steps) sends in all."""
    total = 0
    for step in script:
        tag = step.get("step")
        if tag in ("send", "send_pieces"):
            total += len(step["data"])
        elif tag == "flood":
            repeats = max(1, step["max_bytes"] // len(step["pattern"]))
            total += len(step.get("prefix") or "") + repeats * len(step["pattern"])
    return total


def server_facts(requests, transcripts, first_script):
    """The observation keys for what the server saw (``first_script``: connection 0's steps)."""
    facts = {"connections": len(transcripts), "requests": len(requests)}
    facts["req.lines"] = [b" ".join((r.method, r.target, r.version)).decode("latin-1")
                          for r in requests]
    if requests:
        first = requests[0]
        facts["req.line"] = facts["req.lines"][0]
        facts["req.headers"] = [[name.decode("latin-1"), value.decode("latin-1")]
                                for name, value in first.headers]
        facts["req.names"] = [n.decode("latin-1").lower() for n, _ in first.headers]
        facts["req.body"] = first.body.decode("latin-1")
        facts["req.chunked"] = first.chunked
        facts["req.head"] = first.raw.partition(b"\r\n\r\n")[0].decode("latin-1")
        for name, value in first.headers:
            key = "req.h." + name.decode("latin-1").lower()
            if key not in facts:
                facts[key] = value.decode("latin-1")
    wire_in = b"".join(t.received for t in transcripts)
    facts["wire_in"] = wire_in[:WIRE_IN_LIMIT].decode("latin-1")
    facts["bad_request"] = any("bad-request" in t.kinds() for t in transcripts)
    if transcripts:
        facts["server_sent_all"] = len(transcripts[0].sent) >= scripted_bytes(first_script or ())
    return facts

"""The stand-alone reproducer's main: serve the scenario, run the program, judge, exit.

Strategy: stdlib-only, Python 2.7 + 3.6+ (see `_observe`).  `httpcts repro` writes
one file holding the case as JSON, this module and the modules it uses
(`_observe`, `_ops`, `_program`, `driver_main`, `_match`, `_facts`, `_replay`); run
under the implementation's interpreter, it loads the implementation (``--impl``, by
default the interpreter's httplib / http.client), replays the scenario on a
loopback port, runs the case's client program against it, adds what the server
saw, and judges the observation exactly as certification does.  Exit status: 0
when the observation is one the case accepts (PASS, or any for an INFO case), 1
when it is not, 2 when the case could not be run (an import error, a harness
failure).
"""

import json
import sys

try:
    from . import _facts, _match, _program, _replay, driver_main
except (ImportError, ValueError):  # embedded in a reproducer: loaded as top-level modules
    import _facts  # type: ignore[no-redef]
    import _match  # type: ignore[no-redef]
    import _program  # type: ignore[no-redef]
    import _replay  # type: ignore[no-redef]
    import driver_main  # type: ignore[no-redef]

IDLE_WAIT = 1.5


def _args(argv, default_module):
    module = default_module
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--impl" and rest:
            module = rest.pop(0)
        elif arg.startswith("--impl="):
            module = arg.split("=", 1)[1]
        elif arg in ("-h", "--help"):
            return None
        else:
            raise SystemExit("unknown argument %r (usage: --impl MODULE)" % (arg,))
    return module or ("httplib" if _program.PY2 else "http.client")


def observe(module, case, scenario):
    """Run the case once; returns (observation, {"$port": ..., "$host": ...})."""
    program = {"ops": case["program"], "deadline": case["deadline"]}
    if scenario is None:
        return _program.run_program(module, program), {}
    deadline, delivery = case["deadline"] + 10.0, case.get("delivery", "whole")
    with _replay.ReplayServer(scenario, case["time_scale"], deadline, delivery) as server:
        program["target"] = {"host": server.host, "port": server.port}
        obs = _program.run_program(module, program)
        server.wait_idle(IDLE_WAIT)
        first_script = scenario["connections"][0]
        obs.update(_facts.server_facts(server.requests, server.connections, first_script))
        per_connection = [len(c.requests) for c in server.connections]
        obs.update({"requests_per_connection": per_connection,
                    "connection_reused": any(n > 1 for n in per_connection),
                    "delivery": delivery})
        flood = server.flood
        if flood is not None:
            flood["past_start"] = flood["sent"] - flood["start"]
            obs.update(dict(("flood." + k, v) for k, v in flood.items()))
        return obs, {"$port": str(server.port), "$host": server.host}


def main(argv, case, scenario, names, default_module=None):
    module_name = _args(argv, default_module)
    if module_name is None:
        print(__doc__)
        return 0
    try:
        module, _ = driver_main.load_target(module_name)
    except driver_main.TargetError as exc:
        print("cannot load the implementation: %s" % exc)
        return 2
    print("case %s (%s %s) against %s on Python %s" % (case["id"], case["profile"], case["level"],
                                                        module_name, sys.version.split()[0]))
    obs, mapping = observe(module, case, scenario)
    outcomes = [(o["verdict"], _match.substitute(o["match"], mapping), o["note"])
                for o in case["expected"]]
    verdict, index, label = _match.decide(case["level"], case["profile"], outcomes, obs, names)
    print("observed:")
    for key in sorted(obs):
        if key not in ("mro", "stack"):
            print("  %s = %s" % (key, json.dumps(obs[key])[:300]))
    print("acceptable outcomes, tried in order:")
    for number, (text, match, note) in enumerate(outcomes):
        mark = "  <- matched" if number == index else ""
        print("  %d %s %s %s%s" % (number, text, json.dumps(match), note, mark))
    print("verdict: %s%s" % (verdict, " (%s)" % label if label else ""))
    if verdict == names["error"]:
        return 2
    return 0 if verdict in (names["pass"], names["informational"]) else 1

"""Matching an observation against a case's outcomes, and the verdict that follows.

Strategy: stdlib-only and in the common subset of Python 2.7 and 3.6+, because the
stand-alone reproducer (`httpcts repro`) embeds this file to judge an observation
exactly the way certification does.  Verdict names are not spelled here: callers
hand in ``names`` (`_schema.VERDICT_NAMES`: each enum member's lower-case name to
its text).

An observation is a flat JSON dict; an outcome's ``match`` maps keys to matchers.
A matcher is a literal (equality), or a dict of operators:

  ``{"$raises": "Name"}``   the value is a recorded exception whose MRO names Name
  ``{"$in": [...]}``        equal to one of the values
  ``{"$re": "regex"}``      a string the regex finds
  ``{"$contains": x}`` / ``{"$not_contains": x}``   membership in a list or string
  ``{"$absent": True}``     the key is not in the observation
  ``{"$not": m}``           the matcher m does not hold
  ``{"$ge": n}`` / ``{"$le": n}`` / ``{"$len": n}``   numeric bounds, length

Two keys are special, because they are about the exception the program ended with:

  ``raises``      a class name or a list of them: the exception's MRO names one (so
                  RemoteDisconnected counts as BadStatusLine, and eventlet's classes
                  match by name); ``None``: nothing was raised.  A socket timeout or a
                  program still running at its deadline (``Hang``) matches only a
                  matcher that names ``Timeout`` or ``Hang``: waiting is never refusing.
  ``at``          a list of operation names: the exception came from one of them (the
                  driver records ``at`` as ``"INDEX:OP"``), so a refusal is credited
                  only to the step that met the hostile element.

The first outcome that matches decides; none matching gives FAIL for MUST and
NON-STRICT for SHOULD.  INFO cases are always INFORMATIONAL, labelled by the first
outcome that matches.  A documented API the implementation lacks fails a doc case
(the signature is part of what the documentation states); only what the spec does
not document (``set_tunnel``, a ``context`` argument) is UNSUPPORTED.
"""

import re

_MISSING = object()
_TEXT = (type(u""), str)
_NUMBER = (int, float)


def _is_number(value):
    return isinstance(value, _NUMBER) and not isinstance(value, bool)


def value_matches(value, matcher):
    """Whether one observed value (or `_MISSING`) satisfies one matcher."""
    if isinstance(matcher, dict) and matcher and all(str(k).startswith("$") for k in matcher):
        return all(_operator(value, op, arg) for op, arg in matcher.items())
    if value is _MISSING:
        return False
    if isinstance(matcher, bool) or isinstance(value, bool):
        return value is matcher
    return bool(value == matcher)


def _operator(value, op, arg):
    if op == "$absent":
        return (value is _MISSING) == bool(arg)
    if op == "$not":
        return not value_matches(value, arg)
    if value is _MISSING:
        return False
    if op == "$raises":
        return isinstance(value, dict) and arg in value.get("mro", ())
    if op == "$in":
        return any(value_matches(value, m) for m in arg)
    if op == "$re":
        return isinstance(value, _TEXT) and re.search(arg, value) is not None
    if op == "$contains":
        return isinstance(value, (list,) + _TEXT) and arg in value
    if op == "$not_contains":
        return isinstance(value, (list,) + _TEXT) and arg not in value
    if op == "$ge":
        return _is_number(value) and value >= arg
    if op == "$le":
        return _is_number(value) and value <= arg
    if op == "$len":
        return isinstance(value, (list,) + _TEXT) and len(value) == arg
    raise ValueError("unknown matcher %r (argument %r)" % (op, arg))


# Exceptions that only say the client waited: they match no refusal.
WAITING = ("Timeout", "Hang")


def raised_names(obs):
    """The class names of the exception the program ended with ([] if none)."""
    if "raises" not in obs:
        return []
    return list(obs.get("mro") or [obs["raises"]])


def _raises_matches(obs, matcher):
    if matcher is None:
        return "raises" not in obs
    names = raised_names(obs)
    wanted = matcher if isinstance(matcher, list) else [matcher]
    if any(name in names for name in WAITING) and not any(name in WAITING for name in wanted):
        return False
    return any(name in names for name in wanted)


def operation_at(obs):
    """The name of the operation that raised (``"3:read"`` -> ``"read"``), or None."""
    at = obs.get("at")
    return at.split(":", 1)[-1] if isinstance(at, _TEXT) else None


def match_holds(obs, match):
    """Whether every key of an outcome's ``match`` holds in ``obs``."""
    for key, matcher in match.items():
        if key == "raises":
            if not _raises_matches(obs, matcher):
                return False
        elif key == "at":
            if operation_at(obs) not in matcher:
                return False
        elif not value_matches(obs.get(key, _MISSING), matcher):
            return False
    return True


def decide(level, profile, outcomes, obs, names):
    """(verdict text, index of the deciding outcome or None, label or None).

    ``outcomes`` are (verdict text, match, note) triples in the case's order;
    ``names`` maps the verdict enum's member names, lower case, to their texts.
    """
    unmatched = names["fail" if level == "MUST" else "non_strict"]
    if "harness_error" in obs or "error" in obs:
        return names["error"], None, None
    first = next((i for i, (_, match, _) in enumerate(outcomes) if match_holds(obs, match)), None)
    note = (outcomes[first][2] or None) if first is not None else None
    if level == "INFO":
        return names["informational"], first, note
    if "unsupported" in obs:
        if profile == "doc":
            return unmatched, None, "lacks the documented %s" % (obs["unsupported"],)
        return names["unsupported"], None, None
    if first is not None:
        return outcomes[first][0], first, note
    return unmatched, None, None


def substitute(value, mapping):
    """``value`` with every placeholder of ``mapping`` (``$port`` -> "8080") replaced
    in its strings."""
    if isinstance(value, _TEXT):
        for key, text in mapping.items():
            value = value.replace(key, text)
        return value
    if isinstance(value, list):
        return [substitute(v, mapping) for v in value]
    if isinstance(value, dict):
        return dict((k, substitute(v, mapping)) for k, v in value.items())
    return value

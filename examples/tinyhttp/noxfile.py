"""nox sessions: certify tinyhttp under each interpreter against its own baseline.

    nox -s httpcts            # CI: exit 1 only when a case regressed
    nox -s httpcts-baseline   # write (or, after an intended change, rewrite) the baselines
"""

import os

import nox

PYTHONS = ["3.9", "3.11", "3.13", "pypy3.10"]
# where httpcts comes from: a release, or your clone of it (a path or a git URL)
HTTPCTS = os.environ.get("HTTPCTS", "httpcts[certify]")


@nox.session(python=PYTHONS)
def httpcts(session: nox.Session) -> None:
    session.install(HTTPCTS, "-e", ".")
    session.run("httpcts", "certify", "tinyhttp",
                "--baseline", f"httpcts-baseline-{session.python}.txt",
                "--report", f"httpcts-report-{session.python}")


@nox.session(name="httpcts-baseline", python=PYTHONS)
def httpcts_baseline(session: nox.Session) -> None:
    session.install(HTTPCTS, "-e", ".")
    # exit 1 is expected here: the baseline records today's failures
    session.run("httpcts", "certify", "tinyhttp", "-q",
                "--write-baseline", f"httpcts-baseline-{session.python}.txt", success_codes=[0, 1])

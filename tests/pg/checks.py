"""What the issue-18 end-to-end tests (tests/pg/*.py, tests/city/*.py) share: checks that
are collected rather than stopping at the first, and a login that returns the session
cookie."""
import json
import urllib.request

failures = []


def expect(what, got, want):
    """Records a failure (and prints it) when got is not want."""
    if got != want:
        failures.append(what)
        print(f"FAIL: {what}: {got!r}, expected {want!r}", flush=True)


def finish(name):
    """The exit code: 1 after listing how many checks failed, else 0."""
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print(f"{name}: passed")
    return 0


def session(base, name, password):
    """Logs `name` in at `base`; the "zwgk_session=…" cookie."""
    req = urllib.request.Request(base + "/api/v1/login", json.dumps({"name": name, "password": password}).encode(),
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as response:
        return next(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") if c.startswith("zwgk_session="))

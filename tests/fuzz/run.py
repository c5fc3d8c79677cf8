"""Schemathesis against a running Switchboard with a signed-in admin's session.

usage: python run.py BASE_URL SETUP_TOKEN REPORT_DIR [MAX_EXAMPLES]

Creates the first admin with the setup token (the server must be fresh), then runs every check of
the OpenAPI document at /api/v1/openapi.json with the session cookie and CSRF header, and ends
with one line: `fuzz: N cases, N failures`. Exits non-zero on any failure or under 1,000 cases.
"""

import json
import os
import pathlib
import re
import subprocess
import sys
import urllib.request

base, setup_token, report_dir = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
max_examples = sys.argv[4] if len(sys.argv) > 4 else "40"

body = json.dumps({"token": setup_token, "username": "fuzz.admin", "password": "a fuzzing passphrase"})
request = urllib.request.Request(
    f"{base}/api/v1/setup", data=body.encode(), headers={"Content-Type": "application/json"}, method="POST"
)
with urllib.request.urlopen(request) as answer:
    session = json.load(answer)
    cookie = answer.headers["Set-Cookie"].split(";", 1)[0].split("=", 1)[1]

st = pathlib.Path(sys.executable).with_name("st")
report_dir.mkdir(parents=True, exist_ok=True)
env = dict(os.environ, SWITCHBOARD_FUZZ_SESSION=cookie, SWITCHBOARD_FUZZ_CSRF=session["csrf_token"])
config = pathlib.Path(__file__).with_name("schemathesis.toml")
command = [
    str(st), "--config-file", str(config), "run", f"{base}/api/v1/openapi.json",
    "--url", base,
    # Signing out or changing the password would end the session the run depends on.
    "--exclude-operation-id", "session_delete",
    "--exclude-operation-id", "password_update",
    # The event stream never ends by itself; its access and schema have their own API tests.
    "--exclude-operation-id", "events_follow",
    "--checks", "all",
    # A route that needs a session answers 401 to anyone without one, whatever the method (so an
    # undeclared method is not a 405 there); generated data that passes the document's types is
    # still often refused by the server's own rules (a number that is no phone number), rightly.
    "--exclude-checks", "unsupported_method,positive_data_acceptance",
    "--max-examples", max_examples,
    "--seed", "7",
    # One worker: on CPython 3.11, Hypothesis describing a filter's lambda parses source with `ast`,
    # whose recursion counter is shared between threads, and two workers at once crashed it
    # ("AST constructor recursion depth mismatch"), a failure of the tool rather than a finding.
    "--workers", "1",
    "--request-timeout", "30",
    "--report", "junit",
    "--report-dir", str(report_dir),
    "--no-color",
]
env["SCHEMATHESIS_HOOKS"] = "hooks"
env["PYTHONPATH"] = str(pathlib.Path(__file__).parent)
# Its cache goes beside the report, not into the checkout.
result = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, cwd=report_dir)
print(result.stdout)
generated = re.search(r"(\d+) generated", result.stdout)
failures = re.search(r"(\d+) unique failures", result.stdout)
cases = int(generated.group(1)) if generated else 0
failed = int(failures.group(1)) if failures else (0 if result.returncode == 0 else 1)
print(f"fuzz: {cases} cases, {failed} failures")
sys.exit(0 if result.returncode == 0 and cases >= 1000 else 1)

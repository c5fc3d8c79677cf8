"""Checks of Switchboard's own on top of schemathesis's."""

import schemathesis


@schemathesis.check
def refusal_says_what_to_fix(ctx, response, case):
    """Every 4xx is a JSON error body whose message is a sentence the operator can act on."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except Exception:
        raise AssertionError(f"{response.status_code} without a JSON body: {response.text[:200]!r}")
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, str) or len(message.split()) < 4 or not body.get("code"):
        raise AssertionError(f"{response.status_code} without a sentence that says what to fix: {body!r}")
    return None

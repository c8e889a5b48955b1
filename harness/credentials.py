"""Who signs in and who reads a CAPTCHA: the synthetic applicant on the replica; on a live portal
the user's own credentials from the environment and an operator at the terminal, never written
down and never guessed."""

from __future__ import annotations

import os
import sys

from playwright.sync_api import Page

from harness.steps import ScenarioContext, ScenarioStop

LOGIN_ENV = ("PESP_VNEID_ID", "PESP_VNEID_PASSWORD")


def login_credentials(ctx: ScenarioContext) -> tuple[str, str]:
    """The identity number and password to sign in with; a live run without --live-login and
    both environment variables stops here."""
    if not ctx.live:
        return ctx.applicant["identity_number"], ctx.applicant["password"]
    identity, password = (os.environ.get(name, "") for name in LOGIN_ENV)
    if not (ctx.live_login and identity and password):
        raise ScenarioStop("login", "stopped at login: a live run signs in only with "
                           f"--live-login and {' and '.join(LOGIN_ENV)} set")
    return identity, password


def operator_captcha(page: Page) -> str | None:
    """A live run's CAPTCHA: typed by the operator at the terminal, never solved."""
    if not sys.stdin.isatty():
        return None
    print("A CAPTCHA is on screen. Type the code you read (the harness never solves it), "
          "or press Enter to stop here: ", end="", flush=True)
    code = sys.stdin.readline().strip()
    return code or None

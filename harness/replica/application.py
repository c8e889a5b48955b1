"""The online application: the four-step iGate 2.0 stepper for the criminal-record certificate."""

from harness.replica.server import RouteTable

ROUTES: RouteTable = {}

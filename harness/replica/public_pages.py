"""Public pages of the replica: home, procedure search and detail, VNeID login, dossier lookup."""

from harness.replica.server import Request, Response, RouteTable


def home(request: Request) -> Response:
    return request.replica.render(request, "not_found.html")


ROUTES: RouteTable = {("GET", r"/"): home}
